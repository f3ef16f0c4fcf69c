package io.ilagent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.config.FilterSettings;
import io.ilagent.config.PolicySettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** --map_key_timestamp: the message's own time, which then orders the updates of one level. */
class SourceTimeMappingTest {
    private static final PolicySettings WITH_TIME = PolicySettings.defaults(List.of("location")).withTimestampPath("data.time");

    private static Mapped<PolicyUpdate> map(PolicySettings settings, String time) {
        String payload = "{\"location\":\"powerplant\",\"data\":{\"email\":\"a@plant.test\",\"shift\":1"
                + (time == null ? "" : ",\"time\":" + time) + "}}";
        return new PolicyMapper(settings, FilterSettings.NONE).map(payload.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "\"2026-12-02T08:00:00Z\"       | 2026-12-02T08:00:00Z",
            "\"2026-12-02T09:00:00.5+01:00\" | 2026-12-02T08:00:00.500Z",
            "\"2026-12-02 08:00:00Z\"       | 2026-12-02T08:00:00Z",
            "1796198400                     | 2026-12-02T08:00:00Z",
            "\"1796198400\"                 | 2026-12-02T08:00:00Z",
            "1796198400.25                  | 2026-12-02T08:00:00.250Z",
            "1796198400123                  | 2026-12-02T08:00:00.123Z",
            "100000000000                   | 5138-11-16T09:46:40Z"})
    void readsRfc3339TextAndEpochSecondsOrMilliseconds(String json, String expected) {
        Mapped<PolicyUpdate> result = map(WITH_TIME, json);

        assertThat(result).isInstanceOf(Mapped.Accepted.class);
        assertThat(((Mapped.Accepted<PolicyUpdate>) result).value().sourceTime()).contains(Instant.parse(expected));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"yesterday\"", "true", "-5", "0", "{}", "\"2026-13-01T00:00:00Z\""})
    void aTimeThatCannotBeReadIsRejectedNamingTheFlag(String json) {
        Mapped<PolicyUpdate> result = map(WITH_TIME, json);

        assertThat(result).isInstanceOf(Mapped.Rejected.class);
        assertThat(((Mapped.Rejected<PolicyUpdate>) result).reason())
                .startsWith("no timestamp (--map_key_timestamp): 'data.time' must be");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e400", "-1e400"})
    void aNumberBeyondTheRangeOfADoubleIsRejectedWithAReasonInsteadOfThrowing(String json) {
        // Found writing the policy fuzz target: Jackson read 1e400 as infinity, whose decimal value threw
        // NumberFormatException out of the mapper (the classifier then dead-lettered "could not map the message").
        // Since the HTTP fuzz finding such a number is refused when the payload is read (FiniteNumbers).
        Mapped<PolicyUpdate> result = map(WITH_TIME, json);

        assertThat(result).isInstanceOf(Mapped.Rejected.class);
        assertThat(((Mapped.Rejected<PolicyUpdate>) result).reason())
                .isEqualTo("payload is not valid JSON: " + FiniteNumbers.OUT_OF_RANGE);
    }

    @Test
    void textLongerThanAnyTimeIsRejectedUnderTheFlag() {
        Mapped<PolicyUpdate> result = map(WITH_TIME, "\"" + "1".repeat(SourceTime.MAX_TEXT_CHARS + 1) + "\"");

        assertThat(result).isInstanceOf(Mapped.Rejected.class);
        assertThat(((Mapped.Rejected<PolicyUpdate>) result).reason())
                .startsWith("no timestamp (--map_key_timestamp): 'data.time' must be");
    }

    @Test
    void aMissingTimeIsRejectedUnderTheFlag() {
        assertThat(map(WITH_TIME, null)).isEqualTo(Mapped.rejected(
                "no timestamp (--map_key_timestamp): 'data.time' must be RFC 3339 text or epoch seconds or milliseconds,"
                        + " but it is missing"));
    }

    @Test
    void withoutTheFlagNoTimeIsReadAndNoneIsNeeded() {
        Mapped<PolicyUpdate> result = map(PolicySettings.defaults(List.of("location")), "\"not a time\"");

        assertThat(((Mapped.Accepted<PolicyUpdate>) result).value().sourceTime()).isEqualTo(Optional.empty());
    }
}
