package io.ilagent.source.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.sim.Holds;
import io.ilagent.sim.IlertSimulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many unacknowledged messages direct mode gets from the broker: the broker's own setting (Mosquitto's
 * max_inflight_messages, 20 unless configured), with MQTT 5 as with 3.1.1, since the agent announces no Receive
 * Maximum (Mosquitto 2.0.11 sends more than a client's Receive Maximum once acknowledgements flow, and the client
 * then disconnects: docs/mqtt.md). Real Mosquitto with its default configuration.
 */
class ReceiveWindowTest {
    private static final int MESSAGES = 50; // more than any window below, each on a lane of its own

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

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(ints = {3, 5})
    void directModeGetsTheBrokersWindowOfUnacknowledgedMessagesWhateverItsDeliveriesAtOnce(int version) throws Exception {
        int[] seen = unacknowledgedWhileIlertHoldsEveryAnswer(MqttAgent.Options.direct("rw" + version + "-" + System.nanoTime())
                .maxInFlight(16).version(version));

        assertThat(seen[0]).as("messages taken, none acknowledged: Mosquitto's max_inflight_messages").isEqualTo(20);
        assertThat(seen[1]).as("deliveries under way: --max_in_flight").isEqualTo(16);
    }

    /** Publishes MESSAGES events whose answers ilert holds back; {messages the agent took, requests ilert got}. */
    private int[] unacknowledgedWhileIlertHoldsEveryAnswer(MqttAgent.Options options) throws Exception {
        Holds.Hold held = ilert.sim().hold("window");
        try (MqttAgent agent = new MqttAgent(dir, broker.port(), ilert.sim(), options);
                Publisher publisher = new Publisher(broker.port())) {
            await().atMost(Duration.ofSeconds(10)).until(agent::ready);
            for (int i = 0; i < MESSAGES; i++) {
                publisher.publish("plant/boiler/events", """
                        {"integrationKey":"il1mqtt123","eventType":"ALERT","summary":"window %d","alertKey":"a%d"}"""
                        .formatted(i, i));
            }
            // Nothing is settled while ilert holds its answers, so the broker stops at the window; it must stay there.
            AtomicInteger last = new AtomicInteger(-1);
            await().pollInterval(Duration.ofMillis(100)).during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(15))
                    .until(() -> {
                        int now = agent.accepted.get();
                        return now > 0 && held.arrived() > 0 && last.getAndSet(now) == now;
                    });
            int[] seen = {agent.accepted.get(), held.arrived()};
            held.release();
            await().atMost(Duration.ofSeconds(20)).until(() -> ilert.sim().events().size() == MESSAGES);
            return seen;
        } finally {
            held.release();
        }
    }
}
