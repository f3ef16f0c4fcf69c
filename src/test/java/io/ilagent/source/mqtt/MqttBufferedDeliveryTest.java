package io.ilagent.source.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.delivery.ItemKind;
import io.ilagent.ilert.EscalationRule;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** With --mqtt_buffer: each message is committed to the outbox before it is acknowledged. */
class MqttBufferedDeliveryTest {
    @TempDir
    static Path brokerDir;
    static Mosquitto broker;

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();
    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = Mosquitto.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private MqttAgent readyAgent(String clientId) {
        MqttAgent agent = new MqttAgent(dir, broker.port(), ilert.sim(), MqttAgent.Options.buffered(clientId));
        await().atMost(Duration.ofSeconds(10)).until(agent::ready);
        return agent;
    }

    @Test
    void anEventAndAPolicyUpdateAreStoredThenDeliveredToIlert() throws Exception {
        IlertSimulator sim = ilert.sim();
        long anna = sim.addUser("anna@example.com", "Anna", "A");
        long policy = sim.addPolicy("Plant", "pp", List.of(new EscalationRule(5, List.of(), null, null)));
        try (MqttAgent agent = readyAgent("buffered-a"); Publisher publisher = new Publisher(broker.port())) {
            publisher.publish("plant/turbine/events", """
                    {"integrationKey":"il1mqtt456","eventType":"ALERT","summary":"Turbine hot","alertKey":"t1"}""");
            publisher.publish(MqttAgent.POLICIES, """
                    {"plant":"pp","data":{"email":"anna@example.com","shift":0}}""");

            await().atMost(Duration.ofSeconds(10)).until(() -> sim.events().size() == 1
                    && MqttDirectDeliveryTest.usersOnLevel(sim, policy, 0).equals(List.of(anna)));
            assertThat(sim.events().getFirst().path()).isEqualTo("/api/v1/events/mqtt/il1mqtt456");
        }
    }

    @Test
    void messagesStoredWhileIlertIsDownAreDeliveredAfterARestart() throws Exception {
        ilert.sim().failNext(1000, 503);
        try (MqttAgent agent = readyAgent("buffered-b"); Publisher publisher = new Publisher(broker.port())) {
            publisher.publish("plant/turbine/events", """
                    {"integrationKey":"il1mqtt456","eventType":"ALERT","summary":"kept"}""");

            await().atMost(Duration.ofSeconds(10)).until(() -> agent.outbox.pending(10).size() == 1);
            assertThat(agent.outbox.pending(10).getFirst().kind()).isEqualTo(ItemKind.EVENT);
            assertThat(agent.outbox.pending(10).getFirst().lane()).isEqualTo("event:il1mqtt456/");
        }
        ilert.sim().reset();

        try (MqttAgent restarted = readyAgent("buffered-b")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().events().size() == 1);
            assertThat(ilert.sim().events().getFirst().body().path("summary").asText()).isEqualTo("kept");
            await().atMost(Duration.ofSeconds(5)).until(() -> restarted.outbox.pending(10).isEmpty());
        }
    }

    @Test
    void aPolicyUpdateIsStoredOnItsLatestWinsLane() throws Exception {
        ilert.sim().failNext(1000, 503);
        try (MqttAgent agent = readyAgent("buffered-c"); Publisher publisher = new Publisher(broker.port())) {
            publisher.publish(MqttAgent.POLICIES, """
                    {"plant":"pp","data":{"email":"anna@example.com","shift":2}}""");

            await().atMost(Duration.ofSeconds(10)).until(() -> !agent.outbox.pending(10).isEmpty());
            var item = agent.outbox.pending(10).getFirst();
            assertThat(item.kind()).isEqualTo(ItemKind.POLICY_UPDATE);
            assertThat(item.lane()).isEqualTo("policy:pp#2");
            assertThat(item.payload()).contains("\"routingKey\":\"pp\"", "\"email\":\"anna@example.com\"",
                    "\"level\":2", "\"messageId\":\"mqtt:plant/policy:", "\"receivedAt\":");
        }
    }
}
