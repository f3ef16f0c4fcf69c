package io.ilagent.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.sim.ReceivedEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The broker restarting under a consuming agent: not ready while it is away, back by itself, nothing lost. */
class KafkaBrokerRestartTest {
    private static final String EVENTS = "/api/v1/events/kafka/il1restart";
    @RegisterExtension
    static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();
    @TempDir
    Path dir;

    private static void send(KafkaAgent.Topics topics, int from, int to) {
        for (int i = from; i < to; i++) {
            kafka.broker().send(topics.events(), i % 2, "m" + i, """
                    {"integrationKey":"il1restart","eventType":"ALERT","summary":"s","alertKey":"k%02d"}""".formatted(i));
        }
    }

    @Test
    void anAgentIsNotReadyWhileItsBrokerIsAwayAndCarriesOnByItselfWhenItIsBack() throws Exception {
        KafkaAgent.Topics topics = kafka.topics("restart", 2);
        ilert.sim().latency(EVENTS, Duration.ofMillis(50));
        try (KafkaAgent agent = KafkaAgent.direct(dir, kafka.broker(), "restart-group", topics, ilert.sim())) {
            await().atMost(Duration.ofSeconds(20)).until(agent::ready);
            send(topics, 0, 20);
            await().atMost(Duration.ofSeconds(20)).until(() -> ilert.sim().events().size() >= 5);

            kafka.broker().stopBroker();
            await().atMost(Duration.ofSeconds(20)).until(() -> !agent.ready());
            assertThat(agent.health.snapshot().get(KafkaReadiness.COMPONENT).detail()).contains("out of reach");

            kafka.broker().startBroker();
            await().atMost(Duration.ofSeconds(60)).until(agent::ready);
            send(topics, 20, 40);

            await().atMost(Duration.ofSeconds(30)).until(() -> new TreeSet<>(alertKeys()).size() == 40);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> kafka.broker().committed("restart-group", topics.events()).equals(Map.of(0, 20L, 1, 20L)));
        }
    }

    private java.util.List<String> alertKeys() {
        return ilert.sim().events().stream().map(ReceivedEvent::alertKey).toList();
    }
}
