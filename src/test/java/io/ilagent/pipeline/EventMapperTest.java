package io.ilagent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.config.EventMappingSettings;
import io.ilagent.config.FilterSettings;
import io.ilagent.ilert.Event;
import io.ilagent.ilert.EventChannel;
import io.ilagent.ilert.EventType;
import io.ilagent.ilert.Priority;
import io.ilagent.source.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EventMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventMappingSettings NONE = EventMappingSettings.NONE;

    private static EventMappingSettings eventKey(String key) {
        return new EventMappingSettings(Optional.of(key), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    private static EventMappingSettings paths(String alertKey, String summary, String eventType) {
        return new EventMappingSettings(Optional.empty(), Optional.ofNullable(alertKey), Optional.ofNullable(summary),
                Optional.ofNullable(eventType), Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    private static EventMappingSettings typeValues(String alert, String accept, String resolve) {
        return new EventMappingSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("state"),
                Optional.ofNullable(alert), Optional.ofNullable(accept), Optional.ofNullable(resolve), false);
    }

    private static EventMappingSettings forward() {
        return new EventMappingSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), true);
    }

    private static FilterSettings filter(String key, String value) {
        return new FilterSettings(Optional.of(key), Optional.ofNullable(value));
    }

    private static Mapped<RoutedEvent> map(EventMappingSettings settings, FilterSettings filter, String payload,
            Message.Source source, Optional<String> key) {
        return new EventMapper(settings, filter).map(payload.getBytes(StandardCharsets.UTF_8), "t1", key, source);
    }

    private static RoutedEvent routed(EventMappingSettings settings, FilterSettings filter, String payload,
            Message.Source source) {
        Mapped<RoutedEvent> result = map(settings, filter, payload, source, Optional.empty());
        assertThat(result).isInstanceOf(Mapped.Accepted.class);
        return ((Mapped.Accepted<RoutedEvent>) result).value();
    }

    private static Event mqtt(EventMappingSettings settings, String payload) {
        return routed(settings, FilterSettings.NONE, payload, Message.Source.MQTT).event();
    }

    private static Event mqtt(String payload) {
        return mqtt(NONE, payload);
    }

    private static String rejection(EventMappingSettings settings, String payload) {
        Mapped<RoutedEvent> result = map(settings, FilterSettings.NONE, payload, Message.Source.MQTT, Optional.empty());
        assertThat(result).isInstanceOf(Mapped.Rejected.class);
        return ((Mapped.Rejected<RoutedEvent>) result).reason();
    }

    private static String filtered(FilterSettings filter, String payload) {
        Mapped<RoutedEvent> result = map(NONE, filter, payload, Message.Source.MQTT, Optional.empty());
        assertThat(result).isInstanceOf(Mapped.Filtered.class);
        return ((Mapped.Filtered<RoutedEvent>) result).reason();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Nested
    class Channel {
        @Test
        void mqttMessageGoesToTheMqttEndpoint() {
            assertThat(routed(NONE, FilterSettings.NONE, "{\"integrationKey\": \"key1\"}", Message.Source.MQTT).path())
                    .isEqualTo("/v1/events/mqtt/key1");
        }

        @Test
        void kafkaMessageGoesToTheKafkaEndpoint() {
            RoutedEvent routed = routed(NONE, FilterSettings.NONE, "{\"apiKey\": \"key1\"}", Message.Source.KAFKA);
            assertThat(routed.channel()).isEqualTo(EventChannel.KAFKA);
            assertThat(routed.path()).isEqualTo("/v1/events/kafka/key1");
        }

        @Test
        void httpMessagesAreNotMappedHere() {
            EventMapper mapper = new EventMapper(NONE, FilterSettings.NONE);
            assertThatThrownBy(() -> mapper.map(new byte[] {'{', '}'}, "t", Optional.empty(), Message.Source.HTTP))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void messageOverloadUsesTopicKeyAndSource() throws Exception {
            Message message = new Message("kafka:t9:0:1", Message.Source.KAFKA, "t9", Optional.of("k9"),
                    "{\"integrationKey\": \"key1\"}".getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
            Mapped<RoutedEvent> result = new EventMapper(NONE, FilterSettings.NONE).map(message);
            assertThat(((Mapped.Accepted<RoutedEvent>) result).value().event().customDetails())
                    .isEqualTo(json("{\"messageKey\": \"k9\", \"topic\": \"t9\"}"));
        }
    }

    @Nested
    class Payload {
        @Test
        void validEventWithAllFieldsIsMapped() throws Exception {
            Event event = mqtt("""
                    {"integrationKey": "key1", "eventType": "RESOLVE", "summary": "s", "details": "d",
                     "alertKey": "a1", "priority": "LOW",
                     "images": [{"src": "https://i/x.png", "href": "https://h", "alt": "x"}, {"src": "https://i/y.png"}],
                     "links": [{"href": "https://l", "text": "l"}, {"href": "https://m"}],
                     "customDetails": {"k": [1, 2]}}""");
            assertThat(event).isEqualTo(new Event("key1", EventType.RESOLVE, "s", "d", "a1", Priority.LOW,
                    List.of(new Event.Image("https://i/x.png", "https://h", "x"), new Event.Image("https://i/y.png", null, null)),
                    List.of(new Event.Link("https://l", "l"), new Event.Link("https://m", null)),
                    json("{\"k\": [1, 2]}")));
        }

        @Test
        void minimalPayloadWithKeyDefaultsToAlertWithTopicSummary() {
            Event event = mqtt("{\"integrationKey\": \"k\"}");
            assertThat(event.eventType()).isEqualTo(EventType.ALERT);
            assertThat(event.summary()).isEqualTo("New alert from t1");
            assertThat(event.alertKey()).isNull();
            assertThat(event.priority()).isNull();
            assertThat(event.images()).isNull();
        }

        @Test
        void emptyObjectIsRejectedForMissingIntegrationKey() {
            assertThat(rejection(NONE, "{}")).isEqualTo("no integration key: set --event_key or send integrationKey");
        }

        @Test
        void emptyIntegrationKeyIsRejectedUpFront() {
            assertThat(rejection(NONE, "{\"integrationKey\": \"\"}")).contains("no integration key", "--event_key");
        }

        @Test
        void invalidJsonIsRejected() {
            assertThat(rejection(NONE, "bad")).contains("not valid JSON");
        }

        @Test
        void emptyPayloadIsRejected() {
            assertThat(rejection(NONE, "")).contains("empty");
        }

        @Test
        void nonObjectJsonIsRejected() {
            assertThat(rejection(NONE, "\"text\"")).contains("JSON object", "a string");
        }

        @Test
        void invalidUtf8IsRejected() {
            Mapped<RoutedEvent> result = new EventMapper(NONE, FilterSettings.NONE)
                    .map(new byte[] {(byte) 0xFF}, "t1", Optional.empty(), Message.Source.MQTT);
            assertThat(result).isEqualTo(Mapped.rejected("payload is not valid UTF-8 (byte 1 of 1)"));
        }

        @Test
        void resolveWithoutSummaryKeepsEmptySummary() {
            assertThat(mqtt("{\"integrationKey\": \"k\", \"eventType\": \"RESOLVE\"}").summary()).isEmpty();
        }

        @Test
        void explicitEmptySummaryIsKept() {
            assertThat(mqtt("{\"integrationKey\": \"k\", \"summary\": \"\"}").summary()).isEmpty();
        }

        @Test
        void nullFieldsCountAsAbsent() {
            Event event = mqtt("{\"integrationKey\": \"k\", \"summary\": null, \"priority\": null, \"images\": null}");
            assertThat(event.summary()).isEqualTo("New alert from t1");
            assertThat(event.priority()).isNull();
        }

        @Test
        void commentIsAnAcceptedEventType() {
            assertThat(mqtt("{\"integrationKey\": \"k\", \"eventType\": \"COMMENT\"}").eventType())
                    .isEqualTo(EventType.COMMENT);
        }

        @Test
        void unknownFieldsAreIgnored() {
            assertThat(mqtt("{\"integrationKey\": \"k\", \"foo\": 1}").integrationKey()).isEqualTo("k");
        }
    }

    @Nested
    class Rejections {
        @Test
        void unknownEventTypeNamesRawValueAndValueMappingFlags() {
            assertThat(rejection(NONE, "{\"integrationKey\": \"k\", \"eventType\": \"alert\"}"))
                    .contains("'eventType'", "'alert'", "--map_val_etype_alert", "--map_val_etype_resolve");
        }

        @Test
        void unmatchedMappedEventTypeNamesThePathItCameFrom() {
            assertThat(rejection(typeValues("on", null, "off"), "{\"integrationKey\": \"k\", \"state\": \"UNKNOWN\"}"))
                    .contains("'state'", "'UNKNOWN'", "--map_val_etype_accept");
        }

        @Test
        void unknownPriorityIsRejected() {
            assertThat(rejection(NONE, "{\"integrationKey\": \"k\", \"priority\": \"MEDIUM\"}"))
                    .contains("priority", "MEDIUM", "HIGH or LOW");
        }

        @Test
        void aHugeValueIsQuotedInTheReasonOnlyByItsStartAndLength() {
            String huge = "M" + "x".repeat(1_000_000);

            String reason = rejection(NONE, "{\"integrationKey\": \"k\", \"priority\": \"" + huge + "\"}");

            assertThat(reason).startsWith("field 'priority' is 'Mxxx").endsWith("… (1000001 characters)', not HIGH or LOW")
                    .hasSizeLessThan(200);
        }

        @Test
        void numericPriorityIsRejectedNamingFieldAndType() {
            assertThat(rejection(NONE, "{\"integrationKey\": \"k\", \"priority\": 2}"))
                    .isEqualTo("field 'priority' must be a string, got a number (2)");
        }

        @Test
        void numericSummaryWithoutSummaryMappingIsRejected() {
            assertThat(rejection(NONE, "{\"integrationKey\": \"k\", \"summary\": 5}")).contains("'summary'", "a number");
        }

        @Test
        void nonStringDetailsIsRejected() {
            assertThat(rejection(NONE, "{\"integrationKey\": \"k\", \"details\": {\"a\": 1}}"))
                    .contains("'details'", "an object");
        }

        @Test
        void nonStringIntegrationKeyWithoutEventKeyIsRejected() {
            assertThat(rejection(NONE, "{\"integrationKey\": 7}")).contains("'integrationKey'", "a number");
        }

        @Test
        void imagesThatAreNotAnArrayAreRejected() {
            assertThat(rejection(NONE, "{\"integrationKey\": \"k\", \"images\": \"x\"}")).contains("'images'", "array");
        }

        @Test
        void imageWithoutSrcIsRejectedNamingTheElement() {
            assertThat(rejection(NONE, "{\"integrationKey\": \"k\", \"images\": [{\"src\": \"a\"}, {\"alt\": \"x\"}]}"))
                    .contains("images[1].src", "required");
        }

        @Test
        void imageElementThatIsNotAnObjectIsRejected() {
            assertThat(rejection(NONE, "{\"integrationKey\": \"k\", \"images\": [3]}")).contains("images[0]", "an object");
        }

        @Test
        void linkWithNonStringTextIsRejected() {
            assertThat(rejection(NONE, "{\"integrationKey\": \"k\", \"links\": [{\"href\": \"h\", \"text\": true}]}"))
                    .contains("links[0].text", "a boolean");
        }
    }

    @Nested
    class IntegrationKey {
        @Test
        void eventKeyOverridesPayloadKey() {
            assertThat(mqtt(eventKey("override"), "{\"integrationKey\": \"k\"}").integrationKey()).isEqualTo("override");
        }

        @Test
        void apiKeyIsAnAliasOfIntegrationKey() {
            assertThat(mqtt("{\"apiKey\": \"k2\"}").integrationKey()).isEqualTo("k2");
        }

        @Test
        void bothKeysWithTheSameValueAreAccepted() {
            assertThat(mqtt("{\"integrationKey\": \"k\", \"apiKey\": \"k\"}").integrationKey()).isEqualTo("k");
        }

        @Test
        void bothKeysWithDifferentValuesAreRejected() {
            assertThat(rejection(NONE, "{\"integrationKey\": \"a\", \"apiKey\": \"b\"}"))
                    .contains("integrationKey", "apiKey", "different");
        }

        @Test
        void eventKeySettlesDifferingPayloadKeys() {
            assertThat(mqtt(eventKey("e"), "{\"integrationKey\": \"a\", \"apiKey\": \"b\"}").integrationKey())
                    .isEqualTo("e");
        }

        @Test
        void eventKeyMakesAWrongTypedPayloadKeyIrrelevant() {
            assertThat(mqtt(eventKey("e"), "{\"integrationKey\": 12}").integrationKey()).isEqualTo("e");
        }

        @Test
        void emptyEventKeyIsRejectedAsNoIntegrationKey() {
            assertThat(rejection(eventKey(""), "{\"integrationKey\": \"k\"}")).contains("no integration key");
        }
    }

    @Nested
    class Mappings {
        @Test
        void summaryMappingReadsCustomKey() {
            assertThat(mqtt(paths(null, "msg", null), "{\"integrationKey\": \"k\", \"msg\": \"hello\"}").summary())
                    .isEqualTo("hello");
        }

        @Test
        void alertKeyMappingReadsCustomKey() {
            assertThat(mqtt(paths("id", null, null), "{\"integrationKey\": \"k\", \"id\": \"a7\"}").alertKey())
                    .isEqualTo("a7");
        }

        @Test
        void eventTypeMappingReadsCustomKey() {
            assertThat(mqtt(paths(null, null, "kind"), "{\"integrationKey\": \"k\", \"kind\": \"ACCEPT\"}").eventType())
                    .isEqualTo(EventType.ACCEPT);
        }

        @Test
        void nestedSummaryKey() {
            assertThat(mqtt(paths(null, "data.text", null), "{\"integrationKey\": \"k\", \"data\": {\"text\": \"n\"}}")
                    .summary()).isEqualTo("n");
        }

        @Test
        void nestedAlertKey() {
            assertThat(mqtt(paths("data.id", null, null), "{\"integrationKey\": \"k\", \"data\": {\"id\": \"a\"}}")
                    .alertKey()).isEqualTo("a");
        }

        @Test
        void nestedEventTypeKey() {
            assertThat(mqtt(paths(null, null, "data.kind"),
                    "{\"integrationKey\": \"k\", \"data\": {\"kind\": \"RESOLVE\"}}").eventType())
                    .isEqualTo(EventType.RESOLVE);
        }

        @Test
        void nestedMappingWithMissingPathFallsBackToDefaultSummary() {
            assertThat(mqtt(paths("x.y", "data.text", null), "{\"integrationKey\": \"k\", \"data\": {}}").summary())
                    .isEqualTo("New alert from t1");
        }

        @Test
        void mappedSummaryOverridesPayloadSummary() {
            assertThat(mqtt(paths(null, "msg", null), "{\"integrationKey\": \"k\", \"summary\": \"own\", \"msg\": \"m\"}")
                    .summary()).isEqualTo("m");
        }

        @Test
        void nonStringAtMappedPathFallsBackToPayloadField() {
            assertThat(mqtt(paths(null, "msg", null), "{\"integrationKey\": \"k\", \"summary\": \"own\", \"msg\": 3}")
                    .summary()).isEqualTo("own");
        }

        @Test
        void wrongTypedSummaryIsIgnoredWhenMappingSuppliesSummary() {
            assertThat(mqtt(paths(null, "msg", null), "{\"integrationKey\": \"k\", \"summary\": 5, \"msg\": \"m\"}")
                    .summary()).isEqualTo("m");
        }

        @Test
        void wrongTypedSummaryIsRejectedWhenMappedPathIsMissing() {
            assertThat(rejection(paths(null, "msg", null), "{\"integrationKey\": \"k\", \"summary\": 5}"))
                    .contains("'summary'", "a number");
        }

        @Test
        void wrongTypedEventTypeIsIgnoredWhenMappingSuppliesEventType() {
            assertThat(mqtt(paths(null, null, "kind"), "{\"integrationKey\": \"k\", \"eventType\": 1, \"kind\": \"RESOLVE\"}")
                    .eventType()).isEqualTo(EventType.RESOLVE);
        }

        @Test
        void wrongTypedAlertKeyIsIgnoredWhenMappingSuppliesAlertKey() {
            assertThat(mqtt(paths("id", null, null), "{\"integrationKey\": \"k\", \"alertKey\": [1], \"id\": \"a\"}")
                    .alertKey()).isEqualTo("a");
        }

        @Test
        void valueMappedToAlert() {
            assertThat(mqtt(typeValues("on", "ack", "off"), "{\"integrationKey\": \"k\", \"state\": \"on\"}").eventType())
                    .isEqualTo(EventType.ALERT);
        }

        @Test
        void valueMappedToAccept() {
            assertThat(mqtt(typeValues("on", "ack", "off"), "{\"integrationKey\": \"k\", \"state\": \"ack\"}").eventType())
                    .isEqualTo(EventType.ACCEPT);
        }

        @Test
        void valueMappedToResolveKeepsEmptySummary() {
            Event event = mqtt(typeValues("on", "ack", "off"), "{\"integrationKey\": \"k\", \"state\": \"off\"}");
            assertThat(event.eventType()).isEqualTo(EventType.RESOLVE);
            assertThat(event.summary()).isEmpty();
        }

        @Test
        void laterValueMappingWinsWhenTwoFlagsShareAValue() {
            assertThat(mqtt(typeValues("x", null, "x"), "{\"integrationKey\": \"k\", \"state\": \"x\"}").eventType())
                    .isEqualTo(EventType.RESOLVE);
        }

        @Test
        void valueMappingComparesOnlyTheMappedKeyNotThePayloadEventType() {
            assertThat(rejection(typeValues("on", null, null), "{\"integrationKey\": \"k\", \"eventType\": \"on\"}"))
                    .contains("'on'");
        }

        @Test
        void fullMappingPipeline() {
            EventMappingSettings settings = new EventMappingSettings(Optional.of("ek"), Optional.of("data.id"),
                    Optional.of("data.text"), Optional.of("data.state"), Optional.of("firing"), Optional.of("seen"),
                    Optional.of("ok"), false);
            Event event = mqtt(settings, """
                    {"data": {"id": "a1", "text": "disk full", "state": "seen"}}""");
            assertThat(event.integrationKey()).isEqualTo("ek");
            assertThat(event.alertKey()).isEqualTo("a1");
            assertThat(event.summary()).isEqualTo("disk full");
            assertThat(event.eventType()).isEqualTo(EventType.ACCEPT);
        }
    }

    @Nested
    class Filter {
        private static final String PAYLOAD = "{\"integrationKey\": \"k\", \"status\": \"firing\", \"n\": 1,"
                + " \"meta\": {\"site\": \"north\"}}";

        @Test
        void keyPresentPasses() {
            assertThat(routed(NONE, filter("status", null), PAYLOAD, Message.Source.MQTT)).isNotNull();
        }

        @Test
        void keyMissingIsFiltered() {
            assertThat(filtered(filter("absent", null), PAYLOAD)).contains("absent");
        }

        @Test
        void keyAndValueMatchPasses() {
            assertThat(routed(NONE, filter("status", "firing"), PAYLOAD, Message.Source.MQTT)).isNotNull();
        }

        @Test
        void valueMismatchIsFiltered() {
            assertThat(filtered(filter("status", "ok"), PAYLOAD)).contains("status", "firing", "ok");
        }

        @Test
        void nonStringValueIsFilteredWhenAValueIsRequired() {
            assertThat(filtered(filter("n", "1"), PAYLOAD)).contains("'n'", "a number");
        }

        @Test
        void keyOnlyFilterPassesNonStringValue() {
            assertThat(routed(NONE, filter("n", null), PAYLOAD, Message.Source.MQTT)).isNotNull();
        }

        @Test
        void filterKeyAcceptsDotPath() {
            assertThat(routed(NONE, filter("meta.site", "north"), PAYLOAD, Message.Source.MQTT)).isNotNull();
            assertThat(filtered(filter("meta.site", "south"), PAYLOAD)).contains("meta.site");
        }

        @Test
        void filteredMessageIsNotRejectedEvenWithInvalidFields() {
            assertThat(filtered(filter("status", "ok"), "{\"status\": \"x\", \"priority\": 2}")).contains("status");
        }
    }

    @Nested
    class CustomDetails {
        @Test
        void mqttDefaultIsTheTopic() throws Exception {
            assertThat(mqtt("{\"integrationKey\": \"k\"}").customDetails()).isEqualTo(json("{\"topic\": \"t1\"}"));
        }

        @Test
        void kafkaDefaultHasMessageKeyAndTopic() throws Exception {
            Mapped<RoutedEvent> result = map(NONE, FilterSettings.NONE, "{\"integrationKey\": \"k\"}",
                    Message.Source.KAFKA, Optional.of("m1"));
            assertThat(((Mapped.Accepted<RoutedEvent>) result).value().event().customDetails())
                    .isEqualTo(json("{\"messageKey\": \"m1\", \"topic\": \"t1\"}"));
        }

        @Test
        void kafkaDefaultWithoutMessageKeyUsesEmptyString() throws Exception {
            RoutedEvent routed = routed(NONE, FilterSettings.NONE, "{\"integrationKey\": \"k\"}", Message.Source.KAFKA);
            assertThat(routed.event().customDetails()).isEqualTo(json("{\"messageKey\": \"\", \"topic\": \"t1\"}"));
        }

        @Test
        void payloadCustomDetailsAreKeptWithoutMergingTheDefault() throws Exception {
            assertThat(mqtt("{\"integrationKey\": \"k\", \"customDetails\": {\"a\": 1}}").customDetails())
                    .isEqualTo(json("{\"a\": 1}"));
        }

        @Test
        void nonObjectCustomDetailsAreKept() throws Exception {
            assertThat(mqtt("{\"integrationKey\": \"k\", \"customDetails\": [1, \"x\"]}").customDetails())
                    .isEqualTo(json("[1, \"x\"]"));
        }

        @Test
        void forwardPayloadStoresTheFullPayloadWithoutTopic() throws Exception {
            String payload = "{\"integrationKey\": \"k\", \"temp\": 81, \"nested\": {\"a\": true}}";
            assertThat(mqtt(forward(), payload).customDetails()).isEqualTo(json(payload));
        }

        @Test
        void forwardPayloadStillKeepsExplicitCustomDetails() throws Exception {
            assertThat(mqtt(forward(), "{\"integrationKey\": \"k\", \"customDetails\": {\"a\": 1}}").customDetails())
                    .isEqualTo(json("{\"a\": 1}"));
        }

        @Test
        void forwardPayloadReplacesNullCustomDetails() throws Exception {
            String payload = "{\"integrationKey\": \"k\", \"customDetails\": null, \"x\": 1}";
            assertThat(mqtt(forward(), payload).customDetails()).isEqualTo(json(payload));
        }

        @Test
        void withoutForwardPayloadFieldsDoNotLeakIntoDetails() throws Exception {
            assertThat(mqtt("{\"integrationKey\": \"k\", \"temp\": 81}").customDetails())
                    .isEqualTo(json("{\"topic\": \"t1\"}"));
        }
    }
}
