package io.ilagent.source.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.delivery.EventPayload;
import io.ilagent.ilert.Event;
import io.ilagent.ilert.EventChannel;

/**
 * Fuzzes {@code POST /api/events} bodies (bench/fuzz.sh). In a plain test run it replays the kept inputs in
 * src/test/resources/io/ilagent/source/http/EventRequestParserFuzzTestInputs/.
 */
class EventRequestParserFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventRequestParser PARSER = new EventRequestParser();

    @FuzzTest
    @DictionaryEntries({"\"integrationKey\"", "\"apiKey\"", "\"eventType\"", "\"summary\"", "\"details\"",
            "\"alertKey\"", "\"priority\"", "\"images\"", "\"links\"", "\"customDetails\"", "\"src\"", "\"href\"",
            "\"alt\"", "\"text\"", "\"ALERT\"", "\"ACCEPT\"", "\"RESOLVE\"", "\"HIGH\"", "\"LOW\"", "null", "true",
            "1e400", "\\ud800"})
    void anyBodyIsEitherAnEventTheOutboxKeepsOrAReasonForA400(byte[] body) throws Exception {
        switch (PARSER.parse(body)) {
            case EventRequestParser.Result.Invalid invalid -> assertThat(invalid.error()).isNotBlank();
            case EventRequestParser.Result.Valid valid -> {
                Event event = valid.event();
                assertThat(event.integrationKey()).isNotEmpty();
                // What EventIntake stores and EventDeliveryHandler reads back must be the event that was accepted.
                String stored = JSON.writeValueAsString(EventPayload.of(EventChannel.API, event));
                assertThat(JSON.readValue(stored, EventPayload.class).event()).isEqualTo(event);
                JsonNode sent = JSON.readTree(body);
                assertThat(event.summary()).isEqualTo(sent.get("summary").textValue());
                assertThat(event.eventType().name()).isEqualTo(sent.get("eventType").textValue());
            }
        }
    }
}
