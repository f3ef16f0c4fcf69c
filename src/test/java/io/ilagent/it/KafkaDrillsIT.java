package io.ilagent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.sim.Failure;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.sim.ReceivedEvent;
import io.ilagent.source.kafka.KafkaBrokerExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka with the real agent process: SIGKILL mid-stream loses nothing; ilert being down does not crash it; a
 * broker restart makes it not ready until the broker is back, and it carries on by itself.
 */
class KafkaDrillsIT {
    private static final String EVENTS_PATH = "/api/v1/events/kafka";
    @RegisterExtension
    static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();
    @TempDir
    Path dir;
    private IlertSimulator sim;
    private int port;

    @BeforeEach
    void setUp() throws Exception {
        sim = ilert.sim();
        port = Agent.freePort();
    }

    private AgentProcess agent(String topic, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--kafka_brokers", kafka.broker().bootstrap(), "--kafka_group_id",
                topic + "-group", "-e", topic, "--event_key", "il1kafka-drill", "-p", String.valueOf(port)));
        args.addAll(List.of(more));
        return Agent.daemon(dir, sim, Map.of(), args.toArray(String[]::new));
    }

    private static void sendEvents(String topic, int partitions, int count) {
        sendEvents(topic, partitions, 0, count);
    }

    /** Records {@code from} to {@code to - 1}, each with an alert key of its own ({@code k<i>}). */
    private static void sendEvents(String topic, int partitions, int from, int to) {
        for (int i = from; i < to; i++) {
            kafka.broker().send(topic, i % partitions, "m" + i, """
                    {"eventType":"ALERT","summary":"s","alertKey":"k%02d"}""".formatted(i));
        }
    }

    private List<String> alertKeys() {
        return sim.events().stream().map(ReceivedEvent::alertKey).toList();
    }

    @Test
    void anAgentKilledMidStreamLosesNothingAfterRestart() throws Exception {
        String topic = "drill-kill";
        kafka.broker().createTopic(topic, 2);
        sim.latency(EVENTS_PATH, Duration.ofMillis(100));
        // 4 at once at 100 ms: the 40 records take about a second, so the kill falls mid-stream (with the
        // default 64 at once all 40 could be delivered before it).
        try (AgentProcess agent = agent(topic, "--max_in_flight", "4")) {
            Agent.awaitReady(port, agent);
            sendEvents(topic, 2, 40);
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.events().size() >= 8);
            agent.kill();
            agent.waitFor(Duration.ofSeconds(10));
        }
        int beforeKill = sim.events().size();
        assertThat(beforeKill).as("killed mid-stream").isLessThan(40);
        sim.latency(EVENTS_PATH, Duration.ZERO);
        try (AgentProcess agent = agent(topic)) {
            // Ready first: with keys delivered at once the records may all have arrived before the restart is up,
            // and a SIGTERM before the signal handler is installed ends the JVM with 143.
            Agent.awaitReady(port, agent);
            await().atMost(Duration.ofSeconds(60)).until(() -> new TreeSet<>(alertKeys()).size() == 40);
            agent.terminate();
            assertThat(agent.waitFor(Duration.ofSeconds(20))).isZero();
        }
        Map<String, Long> counts = alertKeys().stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        List<String> duplicates = new ArrayList<>(counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey).sorted().toList());
        System.out.printf("Kafka SIGKILL drill: %d delivered before the kill, %d deliveries in all for 40 records, "
                + "duplicates (at least once): %s%n", beforeKill, alertKeys().size(), duplicates);
        assertThat(counts).hasSize(40);
    }

    @Test
    void aBrokerRestartMidStreamLosesNothingAndReadyFollowsTheBroker() throws Exception {
        String topic = "drill-restart";
        kafka.broker().createTopic(topic, 2);
        sim.latency(EVENTS_PATH, Duration.ofMillis(50));
        try (AgentProcess agent = agent(topic)) {
            Agent.awaitReady(port, agent);
            sendEvents(topic, 2, 0, 20);
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.events().size() >= 5);

            kafka.broker().stopBroker();
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    HttpResponse<String> ready = Agent.ready(port);
                    return ready != null && ready.statusCode() == 503 && ready.body().contains("out of reach");
                });
                assertThat(agent.isAlive()).isTrue();
            } finally {
                kafka.broker().startBroker();
            }

            Agent.awaitReady(port, agent);
            sendEvents(topic, 2, 20, 40);
            await().atMost(Duration.ofSeconds(60)).until(() -> new TreeSet<>(alertKeys()).size() == 40);
            agent.terminate();
            assertThat(agent.waitFor(Duration.ofSeconds(20))).isZero();
        }
        Map<String, Long> counts = alertKeys().stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        System.out.printf("Kafka broker-restart drill: %d deliveries for 40 records, %d alert keys twice (at least once)%n",
                alertKeys().size(), counts.values().stream().filter(c -> c > 1).count());
        assertThat(counts).hasSize(40);
        assertThat(kafka.broker().committed(topic + "-group", topic)).isEqualTo(Map.of(0, 20L, 1, 20L));
    }

    @Test
    void ilertDownKeepsTheAgentRunningAndEverythingArrivesAfterRecovery() throws Exception {
        String topic = "drill-down";
        kafka.broker().createTopic(topic, 1);
        sim.failNext(10_000, Failure.status(503).on("POST", EVENTS_PATH));
        try (AgentProcess agent = agent(topic)) {
            Agent.awaitReady(port, agent);
            sendEvents(topic, 1, 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.requestsTo("POST", EVENTS_PATH).size() >= 4);
            assertThat(agent.isAlive()).as("ilagent 0.9.0 exited here").isTrue();

            sim.reset();

            await().atMost(Duration.ofSeconds(60)).until(() -> sim.events().size() >= 3);
            // Three alert keys, three lanes: each is retried on its own, so they may arrive in any order.
            assertThat(alertKeys()).containsExactlyInAnyOrder("k00", "k01", "k02");
            agent.terminate();
            assertThat(agent.waitFor(Duration.ofSeconds(20))).isZero();
        }
    }
}
