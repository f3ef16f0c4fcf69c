package io.ilagent.source.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.delivery.OutboxItem;
import io.ilagent.sim.IlertSimulatorExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** POST /api/events with delivery stopped: what is answered and what lands in the outbox. */
class EventIntakeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    @TempDir
    Path dir;

    private HttpAgent agent;

    @BeforeEach
    void start() {
        agent = new HttpAgent(dir, ilert.sim());
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
    }

    private void assertRefused(HttpResponse<String> r, int status, String error) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo(error);
        assertThat(agent.outbox.pending(10)).isEmpty();
    }

    @Test
    void anEventTheDatabaseCannotStoreIsAnswered503WithAReasonSoTheSenderKeepsIt() throws Exception {
        agent.db.close(); // every write fails from now on, as on a full disk

        HttpResponse<String> r = agent.postEvent("""
                {"integrationKey":"il1api123","eventType":"ALERT","summary":"disk full"}""");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains("cannot store the event");
    }

    @Nested
    class Accepted {

        @Test
        void minimalEventIsQueuedAndEchoedWithItsQueueId() throws Exception {
            HttpResponse<String> r = agent.postEvent("""
                    {"integrationKey":"il1api123","eventType":"ALERT","summary":"disk full"}""");

            assertThat(r.statusCode()).isEqualTo(202);
            JsonNode echo = JSON.readTree(r.body());
            assertThat(echo.get("integrationKey").asText()).isEqualTo("il1api123");
            assertThat(echo.get("eventType").asText()).isEqualTo("ALERT");
            assertThat(echo.get("summary").asText()).isEqualTo("disk full");
            for (String absent : new String[] {"details", "alertKey", "priority", "images", "links", "customDetails"}) {
                assertThat(echo.get(absent).isNull()).as(absent).isTrue();
            }
            OutboxItem item = agent.outbox.find(echo.get("queueId").asLong()).orElseThrow();
            assertThat(item.lane()).isEqualTo("event:il1api123/");
            assertThat(item.sourceRef()).isEqualTo(EventIntake.SOURCE);
        }

        @Test
        void everyFieldIsStoredAndEchoed() throws Exception {
            String body = """
                    {"apiKey":"k","eventType":"RESOLVE","summary":"ok again","details":"d","alertKey":"a-1",
                     "priority":"LOW","images":[{"src":"https://i/x.png","href":"https://i","alt":"x"}],
                     "links":[{"href":"https://l","text":"runbook"}],"customDetails":{"site":{"rack":4}},
                     "unknownField":true}""";
            HttpResponse<String> r = agent.postEvent(body);

            assertThat(r.statusCode()).isEqualTo(202);
            JsonNode echo = JSON.readTree(r.body());
            assertThat(echo.get("integrationKey").asText()).isEqualTo("k");
            assertThat(echo.get("priority").asText()).isEqualTo("LOW");
            assertThat(echo.get("images").get(0).get("alt").asText()).isEqualTo("x");
            assertThat(echo.get("links").get(0).get("text").asText()).isEqualTo("runbook");
            assertThat(echo.get("customDetails").get("site").get("rack").asInt()).isEqualTo(4);
            assertThat(echo.has("unknownField")).isFalse();
            OutboxItem item = agent.outbox.find(echo.get("queueId").asLong()).orElseThrow();
            assertThat(item.lane()).isEqualTo("event:k/a-1");
            JsonNode stored = JSON.readTree(item.payload()).get("event");
            assertThat(stored.get("details").asText()).isEqualTo("d");
            assertThat(stored.get("images").get(0).get("href").asText()).isEqualTo("https://i");
        }

        @Test
        void explicitNullsInOptionalFieldsCountAsAbsent() throws Exception {
            HttpResponse<String> r = agent.postEvent("""
                    {"integrationKey":"k","eventType":"COMMENT","summary":"","alertKey":null,"priority":null,
                     "images":null,"customDetails":null}""");
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(r.body()).get("alertKey").isNull()).isTrue();
        }

        @Test
        void eachEventGetsItsOwnQueueItem() throws Exception {
            for (String type : new String[] {"ALERT", "ACCEPT", "COMMENT", "RESOLVE"}) {
                assertThat(agent.postEvent("{\"integrationKey\":\"k\",\"eventType\":\"" + type
                        + "\",\"summary\":\"s\",\"alertKey\":\"a\"}").statusCode()).isEqualTo(202);
            }
            assertThat(agent.outbox.pending(10)).hasSize(4).allSatisfy(i -> assertThat(i.lane()).isEqualTo("event:k/a"));
        }

        @Test
        void keyAndAliasWithTheSameValueAreAccepted() throws Exception {
            HttpResponse<String> r = agent.postEvent(
                    "{\"integrationKey\":\"k\",\"apiKey\":\"k\",\"eventType\":\"ALERT\",\"summary\":\"s\"}");
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(r.body()).get("integrationKey").asText()).isEqualTo("k");
        }

        @Test
        void jsonTypesWithASuffixAndParametersAreAccepted() throws Exception {
            HttpResponse<String> r = agent.send(HttpRequest.newBuilder(agent.uri("/api/events"))
                    .header("Content-Type", "application/vnd.api+json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"integrationKey\":\"k\",\"eventType\":\"ALERT\",\"summary\":\"s\"}"))
                    .build());
            assertThat(r.statusCode()).isEqualTo(202);
        }
    }

    @Nested
    class Refused {

        @Test
        void unsupportedEventTypeGivesIlagentsError() throws Exception {
            assertRefused(agent.postEvent("{\"integrationKey\":\"k\",\"eventType\":\"alert\",\"summary\":\"s\"}"),
                    400, "Unsupported value for field 'eventType'.");
        }

        @Test
        void unsupportedPriorityGivesIlagentsError() throws Exception {
            assertRefused(agent.postEvent(
                    "{\"integrationKey\":\"k\",\"eventType\":\"ALERT\",\"summary\":\"s\",\"priority\":\"MEDIUM\"}"),
                    400, "Unsupported value for field 'priority'.");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                missing integration key   | {"eventType":"ALERT","summary":"s"}                                       | missing field 'integrationKey'
                empty integration key     | {"integrationKey":"","eventType":"ALERT","summary":"s"}                   | field 'integrationKey' must not be empty
                key and alias differ      | {"integrationKey":"k","apiKey":"j","eventType":"ALERT","summary":"s"}     | body has both 'integrationKey' and 'apiKey' with different values; send only one of them
                missing event type        | {"integrationKey":"k","summary":"s"}                                      | missing field 'eventType'
                missing summary           | {"integrationKey":"k","eventType":"RESOLVE"}                              | missing field 'summary'
                null summary              | {"integrationKey":"k","eventType":"ALERT","summary":null}                 | missing field 'summary'
                numeric summary           | {"integrationKey":"k","eventType":"ALERT","summary":5}                    | field 'summary' must be a string, got a number
                numeric priority          | {"integrationKey":"k","eventType":"ALERT","summary":"s","priority":2}     | field 'priority' must be a string, got a number
                images not an array       | {"integrationKey":"k","eventType":"ALERT","summary":"s","images":{}}      | field 'images' must be an array, got an object
                image not an object       | {"integrationKey":"k","eventType":"ALERT","summary":"s","images":["x"]}   | field 'images[0]' must be an object, got a string
                image without src         | {"integrationKey":"k","eventType":"ALERT","summary":"s","images":[{}]}    | missing field 'images[0].src'
                link href not a string    | {"integrationKey":"k","eventType":"ALERT","summary":"s","links":[{"href":1}]} | field 'links[0].href' must be a string, got a number
                type error before value   | {"integrationKey":"k","eventType":"BAD","summary":true}                   | field 'summary' must be a string, got a boolean
                array body                | [1,2]                                                                     | body must be a JSON object, got an array
                """)
        void badFieldIsNamedInTheError(String name, String body, String error) throws Exception {
            assertRefused(agent.postEvent(body), 400, error);
        }

        @Test
        void bodyThatIsNotJsonSaysWhere() throws Exception {
            HttpResponse<String> r = agent.postEvent("{\"integrationKey\": ");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).startsWith("body is not valid JSON").contains("line 1");
            assertThat(agent.outbox.pending(10)).isEmpty();
        }

        @Test
        void jsonNestedBeyondTheParserLimitIsABadRequestNotAServerError() throws Exception {
            HttpResponse<String> r = agent.postEvent("{\"customDetails\":" + "[".repeat(1500) + "]".repeat(1500) + "}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).startsWith("body is not valid JSON").contains("nesting depth");
            assertThat(agent.outbox.pending(10)).isEmpty();
        }

        @Test
        void trailingContentAfterTheObjectIsNotJson() throws Exception {
            HttpResponse<String> r = agent.postEvent("{\"integrationKey\":\"k\",\"eventType\":\"ALERT\",\"summary\":\"s\"} x");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(agent.outbox.pending(10)).isEmpty();
        }

        @Test
        void bodyOverSixteenThousandBytesIsTooLarge() throws Exception {
            String big = "{\"integrationKey\":\"k\",\"eventType\":\"ALERT\",\"summary\":\"" + "x".repeat(16_000) + "\"}";
            assertRefused(agent.postEvent(big), 413, "request body is larger than 16000 bytes");
        }

        @Test
        void bodyOfExactlySixteenThousandBytesIsAccepted() throws Exception {
            String head = "{\"integrationKey\":\"k\",\"eventType\":\"ALERT\",\"summary\":\"";
            String body = head + "x".repeat(16_000 - head.length() - 2) + "\"}";
            assertThat(body).hasSize(16_000);
            assertThat(agent.postEvent(body).statusCode()).isEqualTo(202);
        }

        @Test
        void oversizeChunkedBodyWithoutLengthIsTooLarge() throws Exception {
            byte[] big = ("{\"summary\":\"" + "x".repeat(20_000) + "\"}").getBytes();
            HttpResponse<String> r = agent.send(HttpRequest.newBuilder(agent.uri("/api/events"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                    .build());
            assertRefused(r, 413, "request body is larger than 16000 bytes");
        }

        @Test
        void bodyThatIsNotDeclaredJsonIsUnsupported() throws Exception {
            HttpResponse<String> r = agent.send(HttpRequest.newBuilder(agent.uri("/api/events"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"integrationKey\":\"k\",\"eventType\":\"ALERT\",\"summary\":\"s\"}"))
                    .build());
            assertRefused(r, 415, "Content-Type must be application/json");
        }
    }
}
