package io.ilagent.source.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.config.TopicSettings;
import io.ilagent.sim.Failure;
import io.ilagent.sim.Holds;
import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.sim.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without --mqtt_buffer: each message is acknowledged once settled (delivered, set aside, or stored in the
 * outbox after a failed attempt), many at once.
 */
class MqttDirectDeliveryTest {
    @TempDir
    static Path brokerDir;
    static Mosquitto broker;

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();
    @TempDir
    Path dir;
    MqttAgent agent;
    Publisher publisher;

    @BeforeAll
    static void startBroker() {
        broker = Mosquitto.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void start() {
        agent = new MqttAgent(dir, broker.port(), ilert.sim(), MqttAgent.Options.direct("direct-" + System.nanoTime()));
        await().atMost(Duration.ofSeconds(10)).until(agent::ready);
        publisher = new Publisher(broker.port());
    }

    @AfterEach
    void stop() throws InterruptedException {
        publisher.close();
        agent.close();
    }

    @Test
    void anEventReachesTheMqttEndpointOfIlert() {
        publisher.publish("plant/boiler/events", """
                {"integrationKey":"il1mqtt123","eventType":"ALERT","summary":"Boiler pressure high","alertKey":"boiler"}""");

        await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().events().size() == 1);
        assertThat(ilert.sim().events().getFirst().path()).isEqualTo("/api/v1/events/mqtt/il1mqtt123");
        assertThat(ilert.sim().events().getFirst().alertKey()).isEqualTo("boiler");
    }

    @Test
    void aPolicyUpdatePutsTheUserOnTheLevel() {
        IlertSimulator sim = ilert.sim();
        long anna = sim.addUser("anna@example.com", "Anna", "A");
        long policy = sim.addPolicy("Plant", "pp", List.of(
                new EscalationRule(5, List.of(UserRel.of(sim.addUser("bob@example.com", "Bob", "B"))), null, null),
                new EscalationRule(10, List.of(), null, null)));

        publisher.publish(MqttAgent.POLICIES, """
                {"plant":"pp","data":{"email":"anna@example.com","shift":1}}""");

        await().atMost(Duration.ofSeconds(10)).until(() -> usersOnLevel(sim, policy, 1).equals(List.of(anna)));
        assertThat(sim.policy(policy).orElseThrow().escalationRules().get(1).escalationTimeout()).isEqualTo(10);
    }

    @Test
    void aHeartbeatMessagePingsTheHeartbeat() {
        publisher.publish(MqttAgent.HEARTBEATS, """
                {"integrationKey":"il1hbt-not-legacy-hb1"}""");

        await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().pings().size() == 1);
    }

    @Test
    void aRetryableIlertFailureIsRetriedInProcessWithoutReconnecting() {
        ilert.sim().failNext(2, 503);

        publisher.publish("plant/boiler/events", """
                {"integrationKey":"il1mqtt123","eventType":"ALERT","summary":"retried"}""");

        await().atMost(Duration.ofSeconds(15)).until(() -> ilert.sim().events().size() == 1);
        assertThat(ilert.sim().requestsTo("POST", "/api/v1/events/mqtt/")).hasSize(3);
        assertThat(agent.source.status().connects()).isEqualTo(1);
        assertThat(agent.source.status().connected()).isTrue();
        assertThat(agent.deadLetters()).isEmpty();
    }

    @Test
    void messagesAfterARetriedOneAreDeliveredInOrderOnce() {
        ilert.sim().failNext(1, 503);

        for (int i = 1; i <= 3; i++) {
            publisher.publish("plant/boiler/events", """
                    {"integrationKey":"il1mqtt123","eventType":"ALERT","summary":"m%d"}""".formatted(i));
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> ilert.sim().events().size() >= 3);
        assertThat(ilert.sim().events()).extracting(e -> e.body().path("summary").asText())
                .containsExactly("m1", "m2", "m3");
    }

    @Test
    void anEventIlertRejectsForGoodBecomesADeadLetterAndTheNextIsDelivered() {
        ilert.sim().failNext(1, 400);

        publisher.publish("plant/boiler/events", """
                {"integrationKey":"il1mqtt123","eventType":"ALERT","summary":"refused"}""");
        publisher.publish("plant/boiler/events", """
                {"integrationKey":"il1mqtt123","eventType":"ALERT","summary":"accepted"}""");

        await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().events().size() == 1);
        assertThat(ilert.sim().events().getFirst().body().path("summary").asText()).isEqualTo("accepted");
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.deadLetters().size() == 1);
        assertThat(agent.deadLetters().getFirst().stage()).isEqualTo("deliver");
    }

    @Test
    void manyMessagesAreUnderWayAtOnceNotOneAfterTheOther() {
        Holds.Hold slow = ilert.sim().hold("slow");

        for (int i = 1; i <= 3; i++) {
            publisher.publish("plant/boiler/events", """
                    {"integrationKey":"il1mqtt123","eventType":"ALERT","summary":"slow %d","alertKey":"a%d"}""".formatted(i, i));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> slow.arrived() == 3);
        slow.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().events().size() == 3);
    }

    @Test
    void oneIntegrationKeyAnswering503NeverHoldsUpTheOthersAndItsEventsArriveInOrderOnceItHeals() {
        ilert.sim().failNext(10_000, new Failure(503, Target.path("/api/v1/events/mqtt/il1broken"), Optional.empty()));

        for (int i = 1; i <= 3; i++) {
            publisher.publish("plant/boiler/events", """
                    {"integrationKey":"il1broken","eventType":"ALERT","summary":"b%d","alertKey":"x"}""".formatted(i));
        }
        for (int i = 1; i <= 20; i++) {
            publisher.publish("plant/boiler/events", """
                    {"integrationKey":"il1mqtt123","eventType":"ALERT","summary":"ok %d","alertKey":"k%d"}""".formatted(i, i));
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> ilert.sim().events().size() == 20);
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.outboxSize() == 3); // stored, so acknowledged
        ilert.sim().clearFaults();
        await().atMost(Duration.ofSeconds(30)).until(() -> ilert.sim().events().size() == 23);
        assertThat(ilert.sim().events()).filteredOn(e -> e.path().endsWith("il1broken"))
                .extracting(e -> e.body().path("summary").asText()).containsExactly("b1", "b2", "b3");
    }

    @Test
    void aFailedMessageIsStoredBeforeItIsAcknowledgedSoARestartDeliversItExactlyOnce() throws InterruptedException {
        String clientId = "spill-" + System.nanoTime();
        agent.close();
        agent = new MqttAgent(dir, broker.port(), ilert.sim(), MqttAgent.Options.direct(clientId));
        await().atMost(Duration.ofSeconds(10)).until(agent::ready);
        ilert.sim().failNext(10_000, 503);

        publisher.publish("plant/boiler/events", """
                {"integrationKey":"il1mqtt123","eventType":"ALERT","summary":"kept"}""");
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.outboxSize() == 1);
        agent.close();
        ilert.sim().clearFaults();

        agent = new MqttAgent(dir, broker.port(), ilert.sim(), MqttAgent.Options.direct(clientId));
        await().atMost(Duration.ofSeconds(30)).until(() -> ilert.sim().events().size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> ilert.sim().events().size() == 1);
        assertThat(agent.outboxSize()).isZero();
    }

    @Test
    void aPublishIsProcessedOnceAfterARestartWithOtherTopicsUnderTheSameClientId() throws InterruptedException {
        String clientId = "topics-" + System.nanoTime();
        agent.close();
        agent = new MqttAgent(dir, broker.port(), ilert.sim(), MqttAgent.Options.direct(clientId)
                .topics(new TopicSettings(Optional.of("site/+/events"), Optional.empty(), Optional.empty())));
        await().atMost(Duration.ofSeconds(10)).until(agent::ready);
        agent.close();

        agent = new MqttAgent(dir, broker.port(), ilert.sim(), MqttAgent.Options.direct(clientId)
                .topics(new TopicSettings(Optional.of("site/a/#"), Optional.empty(), Optional.empty())));
        await().atMost(Duration.ofSeconds(10)).until(agent::ready);
        publisher.publish("site/a/events", """
                {"integrationKey":"il1mqtt123","eventType":"ALERT","summary":"matches the old and the new filter"}""");

        await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().events().size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> ilert.sim().events().size() == 1);
    }

    static List<Long> usersOnLevel(IlertSimulator sim, long policy, int level) {
        List<UserRel> users = sim.policy(policy).orElseThrow().escalationRules().get(level).users();
        return users == null ? List.of() : users.stream().map(UserRel::id).toList();
    }
}
