package io.ilagent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.config.FilterSettings;
import io.ilagent.config.PolicySettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PolicyMapperTest {
    private static final String SEED = """
            {"location": "powerplant", "eventType": "active",
             "data": {"email": "oncall@plant.test", "shift": "1"}}""";

    private static PolicySettings routingKeys(String... fields) {
        return PolicySettings.defaults(List.of(fields));
    }

    private static PolicySettings paths(String email, String shift, int offset) {
        return new PolicySettings(List.of("location"), email, shift, offset, false);
    }

    private static Mapped<PolicyUpdate> map(PolicySettings settings, FilterSettings filter, String payload) {
        return new PolicyMapper(settings, filter).map(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static PolicyUpdate accepted(PolicySettings settings, String payload) {
        return accepted(settings, FilterSettings.NONE, payload);
    }

    private static PolicyUpdate accepted(PolicySettings settings, FilterSettings filter, String payload) {
        Mapped<PolicyUpdate> result = map(settings, filter, payload);
        assertThat(result).isInstanceOf(Mapped.Accepted.class);
        return ((Mapped.Accepted<PolicyUpdate>) result).value();
    }

    private static String rejection(PolicySettings settings, String payload) {
        Mapped<PolicyUpdate> result = map(settings, FilterSettings.NONE, payload);
        assertThat(result).isInstanceOf(Mapped.Rejected.class);
        return ((Mapped.Rejected<PolicyUpdate>) result).reason();
    }

    private static String filteredReason(FilterSettings filter, String payload) {
        Mapped<PolicyUpdate> result = map(routingKeys("location"), filter, payload);
        assertThat(result).isInstanceOf(Mapped.Filtered.class);
        return ((Mapped.Filtered<PolicyUpdate>) result).reason();
    }

    private static String withShift(String shiftJson) {
        return "{\"location\": \"powerplant\", \"data\": {\"email\": \"oncall@plant.test\", \"shift\": " + shiftJson + "}}";
    }

    @Test
    void aHugeShiftIsQuotedInTheReasonOnlyByItsStartAndLength() {
        String reason = rejection(routingKeys("location"), withShift("\"7" + "9".repeat(500_000) + "\""));

        assertThat(reason).startsWith("no shift: 'data.shift' must be an integer or a string holding one, got the string \"7999")
                .contains("… (500001 characters)\"").hasSizeLessThan(300);
    }

    @Nested
    class SeedDocument {
        @Test
        void samplePayloadWithDefaultPathsGivesStringShiftOne() {
            assertThat(accepted(routingKeys("location"), SEED))
                    .isEqualTo(new PolicyUpdate("powerplant", "oncall@plant.test", 1));
        }

        @Test
        void numberShiftIsAccepted() {
            assertThat(accepted(routingKeys("location"), withShift("2")).level()).isEqualTo(2);
        }

        @Test
        void negativeOffsetConvertsOneIndexedShift() {
            assertThat(accepted(paths("data.email", "data.shift", -1), withShift("2")).level()).isEqualTo(1);
        }

        @Test
        void offsetBelowZeroIsClampedAtZero() {
            assertThat(accepted(paths("data.email", "data.shift", -5), withShift("2")).level()).isEqualTo(0);
        }

        @Test
        void stringShiftWithNegativeOffsetIsApplied() {
            assertThat(accepted(paths("data.email", "data.shift", -1), withShift("\"3\"")).level()).isEqualTo(2);
        }

        @Test
        void stringShiftWithNegativeOffsetIsClampedAtZero() {
            assertThat(accepted(paths("data.email", "data.shift", -1), withShift("\"0\"")).level()).isEqualTo(0);
        }

        @Test
        void positiveOffsetIsAdded() {
            assertThat(accepted(paths("data.email", "data.shift", 2), withShift("1")).level()).isEqualTo(3);
        }

        @Test
        void multipleRoutingKeysAreConcatenatedWithoutSeparator() {
            String payload = """
                    {"location": "powerplant", "slot": "three50", "data": {"email": "oncall@plant.test", "shift": 0}}""";
            assertThat(accepted(routingKeys("location", "slot"), payload).routingKey()).isEqualTo("powerplantthree50");
        }

        @Test
        void filterOnEventTypeMatchPasses() {
            FilterSettings filter = new FilterSettings(Optional.of("eventType"), Optional.of("active"));
            assertThat(accepted(routingKeys("location"), filter, SEED).email()).isEqualTo("oncall@plant.test");
        }

        @Test
        void filterOnEventTypeMismatchIsFilteredNotRejected() {
            FilterSettings filter = new FilterSettings(Optional.of("eventType"), Optional.of("inactive"));
            assertThat(filteredReason(filter, SEED)).contains("eventType", "active", "inactive");
        }

        @Test
        void customFlatEmailAndShiftPaths() {
            String payload = """
                    {"location": "plant", "mail": "oncall@plant.test", "tier": "4"}""";
            assertThat(accepted(paths("mail", "tier", 0), payload))
                    .isEqualTo(new PolicyUpdate("plant", "oncall@plant.test", 4));
        }

        @Test
        void customNestedEmailAndShiftPaths() {
            String payload = """
                    {"location": "plant", "user": {"contact": {"mail": "oncall@plant.test"}}, "meta": {"tier": 2}}""";
            assertThat(accepted(paths("user.contact.mail", "meta.tier", 0), payload))
                    .isEqualTo(new PolicyUpdate("plant", "oncall@plant.test", 2));
        }
    }

    @Nested
    class Shift {
        @Test
        void negativeStringShiftIsClampedAtZero() {
            assertThat(accepted(routingKeys("location"), withShift("\"-2\"")).level()).isEqualTo(0);
        }

        @Test
        void explicitPlusSignIsAcceptedAsRustDoes() {
            assertThat(accepted(routingKeys("location"), withShift("\"+3\"")).level()).isEqualTo(3);
        }

        @Test
        void missingShiftIsRejectedInsteadOfMeaningFirstResponder() {
            String payload = """
                    {"location": "powerplant", "data": {"email": "oncall@plant.test"}}""";
            assertThat(rejection(routingKeys("location"), payload))
                    .contains("data.shift", "missing", "--map_key_shift");
        }

        @Test
        void stringWithLeadingSpaceIsRejected() {
            assertThat(rejection(routingKeys("location"), withShift("\" 1\""))).contains("data.shift", "\" 1\"");
        }

        @Test
        void decimalStringIsRejected() {
            assertThat(rejection(routingKeys("location"), withShift("\"1.0\""))).contains("data.shift", "\"1.0\"");
        }

        @Test
        void floatNumberIsRejected() {
            assertThat(rejection(routingKeys("location"), withShift("1.5"))).contains("data.shift", "a number 1.5");
        }

        @Test
        void integralLookingFloatIsRejected() {
            assertThat(rejection(routingKeys("location"), withShift("1.0"))).contains("data.shift", "a number");
        }

        @Test
        void booleanIsRejected() {
            assertThat(rejection(routingKeys("location"), withShift("true"))).contains("data.shift", "a boolean");
        }

        @Test
        void nullIsRejected() {
            assertThat(rejection(routingKeys("location"), withShift("null"))).contains("data.shift", "null");
        }

        @Test
        void emptyStringIsRejected() {
            assertThat(rejection(routingKeys("location"), withShift("\"\""))).contains("data.shift");
        }

        @Test
        void objectIsRejected() {
            assertThat(rejection(routingKeys("location"), withShift("{\"n\": 1}"))).contains("data.shift", "an object");
        }

        @Test
        void numberBeyondLongRangeIsRejected() {
            assertThat(rejection(routingKeys("location"), withShift("99999999999999999999"))).contains("data.shift");
        }

        @Test
        void levelBeyondIntRangeIsRejected() {
            assertThat(rejection(routingKeys("location"), withShift("\"3000000000\"")))
                    .contains("data.shift", "too large");
        }

        @Test
        void hugeNegativeShiftWithNegativeOffsetDoesNotWrapAround() {
            PolicySettings settings = paths("data.email", "data.shift", Integer.MIN_VALUE);
            assertThat(accepted(settings, withShift("\"-9223372036854775808\"")).level()).isEqualTo(0);
        }

        @Test
        void missingDataObjectIsRejectedForEmailFirst() {
            assertThat(rejection(routingKeys("location"), "{\"location\": \"powerplant\"}"))
                    .contains("data.email", "missing");
        }
    }

    @Nested
    class Email {
        @Test
        void missingEmailIsRejectedNamingThePath() {
            assertThat(rejection(routingKeys("location"), "{\"location\": \"p\", \"data\": {\"shift\": 1}}"))
                    .contains("no email", "data.email", "missing", "--map_key_email");
        }

        @Test
        void emptyEmailIsRejected() {
            String payload = "{\"location\": \"p\", \"data\": {\"email\": \"\", \"shift\": 1}}";
            assertThat(rejection(routingKeys("location"), payload)).contains("data.email", "\"\"");
        }

        @Test
        void nonStringEmailIsRejectedNamingItsType() {
            String payload = "{\"location\": \"p\", \"data\": {\"email\": 42, \"shift\": 1}}";
            assertThat(rejection(routingKeys("location"), payload)).contains("data.email", "a number");
        }

        @Test
        void missingCustomEmailPathIsRejectedNamingThatPath() {
            assertThat(rejection(paths("user.contact.mail", "data.shift", 0), SEED))
                    .contains("user.contact.mail");
        }

        @Test
        void partialPathThroughNonObjectIsMissing() {
            String payload = "{\"location\": \"p\", \"data\": \"flat\"}";
            assertThat(rejection(routingKeys("location"), payload)).contains("data.email", "missing");
        }
    }

    @Nested
    class RoutingKey {
        @Test
        void singleField() {
            assertThat(accepted(routingKeys("location"), SEED).routingKey()).isEqualTo("powerplant");
        }

        @Test
        void fieldNamesAreTrimmed() {
            String payload = """
                    {"location": "powerplant", "slot": "three50", "data": {"email": "oncall@plant.test", "shift": 0}}""";
            assertThat(accepted(routingKeys(" location ", " slot"), payload).routingKey())
                    .isEqualTo("powerplantthree50");
        }

        @Test
        void missingFieldIsSkipped() {
            assertThat(accepted(routingKeys("region", "location"), SEED).routingKey()).isEqualTo("powerplant");
        }

        @Test
        void emptyAndNonStringFieldsAreSkipped() {
            String payload = """
                    {"a": "", "b": 7, "c": true, "d": "x", "data": {"email": "oncall@plant.test", "shift": 0}}""";
            assertThat(accepted(routingKeys("a", "b", "c", "d"), payload).routingKey()).isEqualTo("x");
        }

        @Test
        void dotPathFieldReadsNestedValue() {
            String payload = """
                    {"site": {"name": "north"}, "slot": "s1", "data": {"email": "oncall@plant.test", "shift": 0}}""";
            assertThat(accepted(routingKeys("site.name", "slot"), payload).routingKey()).isEqualTo("norths1");
        }

        @Test
        void noneConfiguredIsRejected() {
            assertThat(rejection(routingKeys(), SEED)).contains("no routing key", "--policy_routing_keys");
        }

        @Test
        void blankFieldNamesCountAsNoneConfigured() {
            assertThat(rejection(routingKeys(" ", ""), SEED)).contains("--policy_routing_keys");
        }

        @Test
        void allEmptyIsRejectedNamingTheFields() {
            String payload = """
                    {"location": "", "slot": 5, "data": {"email": "oncall@plant.test", "shift": 0}}""";
            assertThat(rejection(routingKeys("location", "slot"), payload))
                    .isEqualTo("no routing key: none of the fields location, slot held a non-empty string");
        }
    }

    @Nested
    class Filter {
        @Test
        void missingFilterKeyIsFiltered() {
            FilterSettings filter = new FilterSettings(Optional.of("status"), Optional.empty());
            assertThat(filteredReason(filter, SEED)).contains("status");
        }

        @Test
        void keyOnlyFilterPassesAnyValueType() {
            FilterSettings filter = new FilterSettings(Optional.of("data"), Optional.empty());
            assertThat(accepted(routingKeys("location"), filter, SEED).level()).isEqualTo(1);
        }

        @Test
        void nonStringValueIsFiltered() {
            FilterSettings filter = new FilterSettings(Optional.of("count"), Optional.of("1"));
            String payload = "{\"count\": 1, \"location\": \"p\", \"data\": {\"email\": \"oncall@plant.test\", \"shift\": 0}}";
            assertThat(filteredReason(filter, payload)).contains("count", "a number");
        }

        @Test
        void comparisonIsCaseSensitive() {
            FilterSettings filter = new FilterSettings(Optional.of("eventType"), Optional.of("Active"));
            assertThat(filteredReason(filter, SEED)).contains("eventType");
        }

        @Test
        void filterKeyAcceptsDotPath() {
            FilterSettings filter = new FilterSettings(Optional.of("data.email"), Optional.of("oncall@plant.test"));
            assertThat(accepted(routingKeys("location"), filter, SEED).level()).isEqualTo(1);
        }

        @Test
        void filteredMessageWithoutEmailIsFilteredRatherThanRejected() {
            FilterSettings filter = new FilterSettings(Optional.of("eventType"), Optional.of("active"));
            assertThat(filteredReason(filter, "{\"eventType\": \"inactive\"}")).contains("eventType");
        }
    }

    @Nested
    class Payload {
        @Test
        void invalidJsonIsRejected() {
            assertThat(rejection(routingKeys("location"), "bad")).contains("not valid JSON");
        }

        @Test
        void nonObjectJsonIsRejected() {
            assertThat(rejection(routingKeys("location"), "[1, 2]")).contains("JSON object", "an array");
        }

        @Test
        void emptyPayloadIsRejected() {
            assertThat(rejection(routingKeys("location"), "")).contains("empty");
        }

        @Test
        void trailingContentIsRejected() {
            assertThat(rejection(routingKeys("location"), SEED + " x")).contains("not valid JSON");
        }

        @Test
        void invalidUtf8IsRejected() {
            Mapped<PolicyUpdate> result = new PolicyMapper(routingKeys("location"), FilterSettings.NONE)
                    .map(new byte[] {'{', (byte) 0xC3, '}'});
            assertThat(result).isEqualTo(Mapped.rejected("payload is not valid UTF-8 (byte 2 of 3)"));
        }
    }
}
