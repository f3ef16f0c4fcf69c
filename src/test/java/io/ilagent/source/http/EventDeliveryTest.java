package io.ilagent.source.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.delivery.DeadLetter;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.OutboxItem;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.sim.ReceivedEvent;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/events end to end: outbox, delivery engine, the ilert simulator. */
class EventDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    @TempDir
    Path dir;

    private HttpAgent agent;
    private IlertSimulator sim;

    @BeforeEach
    void start() {
        sim = ilert.sim();
        agent = new HttpAgent(dir, sim);
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
    }

    private static String event(String type, String alertKey) {
        return "{\"integrationKey\":\"il1api\",\"eventType\":\"" + type + "\",\"summary\":\"" + type + " " + alertKey
                + "\",\"alertKey\":\"" + alertKey + "\"}";
    }

    private int eventRequests() {
        return sim.requestsTo("POST", "/api/events").size();
    }

    private List<String> received() {
        return sim.events().stream().map(e -> e.eventType() + " " + e.alertKey()).toList();
    }

    @Test
    void eventIsCommittedBeforeTheAnswerThenDeliveredExactlyOnce() throws Exception {
        HttpResponse<String> r = agent.postEvent("""
                {"integrationKey":"il1api","eventType":"ALERT","summary":"pump 3 stopped","alertKey":"pump-3",
                 "priority":"HIGH","customDetails":{"rpm":0}}""");
        assertThat(r.statusCode()).isEqualTo(202);
        long id = JSON.readTree(r.body()).get("queueId").asLong();
        // delivery has not started, so the row can only be there because intake committed it
        OutboxItem stored = agent.outbox.find(id).orElseThrow();
        assertThat(JSON.readTree(stored.payload()).get("channel").asText()).isEqualTo("API");

        agent.startDelivery();
        await().atMost(WAIT).until(() -> agent.outbox.pending(10).isEmpty());

        assertThat(eventRequests()).isEqualTo(1);
        ReceivedEvent sent = sim.events().getFirst();
        assertThat(sent.path()).isEqualTo("/api/events");
        JsonNode body = sent.body();
        assertThat(body.get("integrationKey").asText()).isEqualTo("il1api");
        assertThat(body.get("summary").asText()).isEqualTo("pump 3 stopped");
        assertThat(body.get("alertKey").asText()).isEqualTo("pump-3");
        assertThat(body.get("priority").asText()).isEqualTo("HIGH");
        assertThat(body.get("customDetails").get("rpm").asInt()).isZero();
    }

    @Test
    void acceptedEventSurvivesARestartBeforeDeliveryAndIsDeliveredOnce() throws Exception {
        assertThat(agent.postEvent(event("ALERT", "r")).statusCode()).isEqualTo(202);
        agent.close(); // the process ends before delivery ever ran

        agent = new HttpAgent(dir, sim).startDelivery();
        await().atMost(WAIT).until(() -> agent.outbox.pending(10).isEmpty());
        assertThat(received()).containsExactly("ALERT r");
        assertThat(eventRequests()).isEqualTo(1);
    }

    @Test
    void resolveNeverOvertakesItsRetriedAlertWhileOtherAlertsKeepFlowing() throws Exception {
        agent.startDelivery();
        sim.failNext(2, 503, "/api/events");

        assertThat(agent.postEvent(event("ALERT", "a")).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> eventRequests() == 1);
        agent.passTime(Duration.ofMillis(600)); // past the first retry (500 ms)
        await().atMost(WAIT).until(() -> eventRequests() == 2);

        // the ALERT now waits 1 s of the test clock for its third attempt
        assertThat(agent.postEvent(event("RESOLVE", "a")).statusCode()).isEqualTo(202);
        assertThat(agent.postEvent(event("ALERT", "b")).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> received().contains("ALERT b"));
        assertThat(eventRequests()).as("the RESOLVE was not tried while its ALERT waits").isEqualTo(3);
        assertThat(agent.outbox.pending(10)).hasSize(2);

        agent.passTime(Duration.ofSeconds(2));
        await().atMost(WAIT).until(() -> received().size() == 3);
        assertThat(received()).containsExactly("ALERT b", "ALERT a", "RESOLVE a");
        await().atMost(WAIT).until(() -> agent.outbox.pending(10).isEmpty());
        assertThat(eventRequests()).isEqualTo(5);
    }

    @Test
    void eventsWithoutAlertKeyShareTheLaneOfTheirIntegrationKey() throws Exception {
        agent.startDelivery();
        sim.failNext(1, 503, "/api/events");
        String first = "{\"integrationKey\":\"k1\",\"eventType\":\"ALERT\",\"summary\":\"first\"}";
        String second = "{\"integrationKey\":\"k1\",\"eventType\":\"COMMENT\",\"summary\":\"second\"}";

        agent.postEvent(first);
        await().atMost(WAIT).until(() -> eventRequests() == 1);
        agent.postEvent(second);
        assertThat(agent.outbox.pending(10)).extracting(OutboxItem::lane).containsExactly("event:k1/", "event:k1/");

        agent.passTime(Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> sim.events().size() == 2);
        assertThat(sim.events()).extracting(e -> e.body().get("summary").asText()).containsExactly("first", "second");
    }

    @Test
    void eventIlertRefusesGoesToTheDeadLettersWithoutRetry() throws Exception {
        agent.startDelivery();
        sim.failNext(1, 400, "/api/events");

        agent.postEvent(event("ALERT", "x"));

        DeadLetters deadLetters = new DeadLetters(agent.db, agent.clock);
        await().atMost(WAIT).until(() -> deadLetters.list(10).size() == 1);
        DeadLetter dead = deadLetters.list(10).getFirst();
        assertThat(dead.stage()).isEqualTo("deliver");
        assertThat(agent.outbox.pending(10)).isEmpty();
        assertThat(eventRequests()).isEqualTo(1);
    }
}
