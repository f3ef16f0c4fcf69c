package io.ilagent.source.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.sim.IlertSimulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broker restarts, sessions, shared subscriptions and retained messages; a broker per test, as tests restart it. */
class MqttConnectionTest {
    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();
    @TempDir
    Path dir;
    Mosquitto broker;

    @BeforeEach
    void startBroker() {
        broker = Mosquitto.start(dir, true);
    }

    @Test
    void aBrokerThatLostTheSessionIsSubscribedAgainAndMessagesContinue() throws Exception {
        broker.close();
        broker = Mosquitto.start(dir.resolve("volatile"), false);
        aBrokerRestartIsNotReadyThenReconnectsAndContinues();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private MqttAgent readyAgent(MqttAgent.Options options) {
        MqttAgent agent = new MqttAgent(dir, broker.port(), ilert.sim(), options);
        await().atMost(Duration.ofSeconds(10)).until(agent::ready);
        return agent;
    }

    private static String event(String summary) {
        return """
                {"integrationKey":"il1mqtt1","eventType":"ALERT","summary":"%s"}""".formatted(summary);
    }

    @Test
    void aBrokerRestartIsNotReadyThenReconnectsAndContinues() throws Exception {
        try (MqttAgent agent = readyAgent(MqttAgent.Options.direct("restart"))) {
            broker.stopProcess();
            await().atMost(Duration.ofSeconds(10)).until(() -> !agent.ready());
            assertThat(agent.source.status().connected()).isFalse();
            assertThat(agent.health.snapshot().get("mqtt").detail()).startsWith("not connected");

            broker.startProcess();
            await().atMost(Duration.ofSeconds(40)).until(agent::ready);
            assertThat(agent.source.status().connects()).isGreaterThanOrEqualTo(2);
            try (Publisher publisher = new Publisher(broker.port())) {
                publisher.publish("plant/a/events", event("after restart"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().events().size() == 1);
        }
    }

    @Test
    void aMessageLeftUnacknowledgedAtStopIsDeliveredAfterTheNextStart() throws Exception {
        ilert.sim().failNext(1000, 503);
        try (MqttAgent agent = readyAgent(MqttAgent.Options.direct("resume"));
             Publisher publisher = new Publisher(broker.port())) {
            publisher.publish("plant/a/events", event("held"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !ilert.sim().requestsTo("POST", "/api/v1/events").isEmpty());
        }
        ilert.sim().reset();

        try (MqttAgent resumed = readyAgent(MqttAgent.Options.direct("resume"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().events().size() == 1);
            assertThat(ilert.sim().events().getFirst().body().path("summary").asText()).isEqualTo("held");
        }
    }

    @Test
    void twoAgentsInOneSharedGroupHandleEachMessageOnce() throws Exception {
        try (MqttAgent first = readyAgent(MqttAgent.Options.direct("member-1").group("ilagent"));
             MqttAgent second = readyAgent(MqttAgent.Options.direct("member-2").group("ilagent"));
             Publisher publisher = new Publisher(broker.port())) {
            for (int i = 0; i < 20; i++) {
                publisher.publish("plant/a/events", event("m" + i));
            }

            await().atMost(Duration.ofSeconds(15)).during(Duration.ofMillis(500))
                    .until(() -> ilert.sim().events().size() == 20);
            assertThat(ilert.sim().events()).extracting(e -> e.body().path("summary").asText()).doesNotHaveDuplicates();
            assertThat(first.accepted.get()).isPositive();
            assertThat(second.accepted.get()).isPositive();
            assertThat(first.accepted.get() + second.accepted.get()).isEqualTo(20);
        }
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(ints = {3, 5})
    void aRetainedMessageIsNotAppliedAgainAfterAReconnect(int version) throws Exception {
        try (Publisher publisher = new Publisher(broker.port())) {
            publisher.publish("plant/retained/events", event("retained").getBytes(), true);
        }
        try (MqttAgent agent = readyAgent(MqttAgent.Options.direct("retain-v" + version).version(version))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().events().size() == 1);

            broker.restart();
            await().atMost(Duration.ofSeconds(40)).until(() -> agent.source.status().connects() >= 2 && agent.ready());
            try (Publisher publisher = new Publisher(broker.port())) {
                publisher.publish("plant/marker/events", event("marker"));
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().events().size() >= 2);
            assertThat(ilert.sim().events()).extracting(e -> e.body().path("summary").asText())
                    .containsExactly("retained", "marker");
        }
    }

    @Test
    void mqtt311BrokersAreServedWithVersion3() throws Exception {
        try (MqttAgent agent = readyAgent(MqttAgent.Options.direct("v3").version(3));
             Publisher publisher = new Publisher(broker.port())) {
            publisher.publish("plant/a/events", event("over 3.1.1"));

            await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().events().size() == 1);
        }
    }
}
