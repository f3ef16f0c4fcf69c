package io.ilagent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.ilert.EscalationRule;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Requests are judged by the official ilert OpenAPI document. */
class SimSchemaTest {
    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    private static final String GOOD_EVENT = """
            {"integrationKey":"il1api123","eventType":"ALERT","summary":"Server down","alertKey":"host-1",
             "priority":"HIGH","links":[{"href":"https://x","text":"Provided Url"}],"customDetails":{"env":"prod"}}""";

    @Test
    void wellFormedEventIsAcceptedWithoutViolation() {
        HttpResponse<String> response = new SimHttp(ilert.sim()).post("/api/events", GOOD_EVENT);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("\"alertKey\":\"host-1\"");
        assertThat(ilert.sim().violations()).isEmpty();
        assertThat(ilert.sim().events()).singleElement().satisfies(e -> assertThat(e.eventType()).isEqualTo("ALERT"));
    }

    @Test
    @ExpectSchemaViolations
    void eventWithoutEventTypeIsRecordedAsSchemaViolation() {
        HttpResponse<String> response = new SimHttp(ilert.sim())
                .post("/api/events", "{\"integrationKey\":\"k\",\"summary\":\"s\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("eventType");
        assertThat(ilert.sim().violations()).singleElement()
                .satisfies(v -> assertThat(v.messages()).anyMatch(m -> m.contains("eventType")));
        assertThat(ilert.sim().events()).isEmpty();
    }

    @Test
    @ExpectSchemaViolations
    void eventWithUnknownEventTypeIsRecordedAsSchemaViolation() {
        new SimHttp(ilert.sim()).post("/api/events",
                "{\"integrationKey\":\"k\",\"eventType\":\"alert\",\"summary\":\"s\"}");

        assertThat(ilert.sim().violations()).singleElement()
                .satisfies(v -> assertThat(v.toString()).contains("alert"));
    }

    @Test
    @ExpectSchemaViolations
    void eventWithoutSummaryOnTheMqttPathIsRecordedAsSchemaViolation() {
        HttpResponse<String> response = new SimHttp(ilert.sim())
                .post("/api/v1/events/mqtt/il1api123", "{\"integrationKey\":\"il1api123\",\"eventType\":\"ALERT\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ilert.sim().violations()).singleElement()
                .satisfies(v -> assertThat(v.path()).isEqualTo("/api/v1/events/mqtt/il1api123"));
    }

    @Test
    void wellFormedEventOnTheKafkaPathIsAccepted() {
        HttpResponse<String> response = new SimHttp(ilert.sim()).post("/api/v1/events/kafka/il1api123", GOOD_EVENT);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(ilert.sim().events()).singleElement()
                .satisfies(e -> assertThat(e.channel()).hasToString("KAFKA"));
    }

    @Test
    @ExpectSchemaViolations
    void levelUpdateWithoutEscalationTimeoutIsRecordedAsSchemaViolation() {
        long policy = ilert.sim().addPolicy("p", "rk", List.of(new EscalationRule(5, List.of(), null, null)));

        HttpResponse<String> response = new SimHttp(ilert.sim())
                .rest("PUT", "/api/escalation-policies/" + policy + "/levels/0", "{\"users\":[{\"id\":1}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ilert.sim().violations()).singleElement()
                .satisfies(v -> assertThat(v.toString()).contains("escalationTimeout"));
        assertThat(ilert.sim().policy(policy).orElseThrow().escalationRules().getFirst().escalationTimeout()).isEqualTo(5);
    }

    @Test
    @ExpectSchemaViolations
    void resolveWithoutRoutingKeyIsRecordedAsSchemaViolation() {
        new SimHttp(ilert.sim()).rest("GET", "/api/escalation-policies/resolve", null);

        assertThat(ilert.sim().violations()).singleElement()
                .satisfies(v -> assertThat(v.toString()).contains("routing-key"));
    }

    @Test
    @ExpectSchemaViolations
    void heartbeatPingWithABodyIsRecordedAsSchemaViolation() {
        new SimHttp(ilert.sim()).send("GET", "/api/pings/key1", "{}", null);

        assertThat(ilert.sim().violations()).singleElement()
                .satisfies(v -> assertThat(v.messages()).containsExactly("a heartbeat ping carries no body"));
        assertThat(ilert.sim().pings()).isEmpty();
    }

    @Test
    void searchEmailAndPingsAreAcceptedWithoutViolation() {
        ilert.sim().addUser("alice@example.com", "Alice", "Example");
        SimHttp http = new SimHttp(ilert.sim());

        assertThat(http.rest("POST", "/api/users/search-email", "{\"email\":\"alice@example.com\"}").statusCode()).isEqualTo(200);
        assertThat(http.send("HEAD", "/api/pings/key1", null, null).statusCode()).isEqualTo(202);
        assertThat(http.send("GET", "/api/heartbeats/il1hbt1", null, null).statusCode()).isEqualTo(202);
        assertThat(ilert.sim().violations()).isEmpty();
    }

    @Test
    void extensionFailsOnUnexpectedViolationsOnly() {
        List<SchemaViolation> one = List.of(new SchemaViolation("POST", "/api/events", List.of("bad")));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IlertSimulatorExtension.failOnUnexpected(one, false))
                .isInstanceOf(AssertionError.class).hasMessageContaining("POST /api/events: bad");
        IlertSimulatorExtension.failOnUnexpected(one, true);
        IlertSimulatorExtension.failOnUnexpected(List.of(), false);
    }
}
