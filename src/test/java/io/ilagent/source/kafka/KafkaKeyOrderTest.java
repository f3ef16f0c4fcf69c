package io.ilagent.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.sim.Holds;
import io.ilagent.sim.IlertSimulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records go onto the engine's lanes by their ordering key (events: integration key and alert key): keys of
 * one partition are delivered at once, one key in offset order, and only the settled prefix is committed.
 */
class KafkaKeyOrderTest {
    @RegisterExtension
    static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();
    @TempDir
    Path dir;
    private final List<KafkaAgent> agents = new ArrayList<>();

    @AfterEach
    void stopAgents() throws InterruptedException {
        for (KafkaAgent agent : agents) {
            agent.close();
        }
    }

    private KafkaAgent agent(String group, KafkaAgent.Topics topics, int window) {
        KafkaAgent agent = new KafkaAgent(dir.resolve(group + ".db"), kafka.broker().bootstrap(), group, topics, ilert.sim(),
                new ConcurrentLinkedQueue<>(), Optional.empty(), 1024 * 1024, 8, window);
        agents.add(agent);
        await().atMost(Duration.ofSeconds(20)).until(agent::ready);
        return agent;
    }

    private static String event(String alertKey, String summary) {
        return """
                {"integrationKey":"il1keys","eventType":"ALERT","summary":"%s","alertKey":"%s"}""".formatted(summary, alertKey);
    }

    private List<String> summaries() {
        return ilert.sim().events().stream().map(e -> e.body().path("summary").asText()).toList();
    }

    private Map<Integer, Long> committed(String group, KafkaAgent.Topics topics) {
        return kafka.broker().committed(group, topics.events());
    }

    @Test
    void recordsOfDifferentKeysInOnePartitionAreDeliveredAtOnce() {
        KafkaAgent.Topics topics = kafka.topics("at-once", 1);
        List<Holds.Hold> holds = IntStream.range(0, 4).mapToObj(i -> ilert.sim().hold("held-" + i)).toList();
        agent("at-once-group", topics, 500);

        for (int i = 0; i < 4; i++) {
            kafka.broker().send(topics.events(), 0, "p", event("k" + i, "held-" + i));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> holds.stream().allMatch(h -> h.arrived() == 1));
        holds.forEach(Holds.Hold::release);
        await().atMost(Duration.ofSeconds(10)).until(() -> summaries().size() == 4);
    }

    @Test
    void recordsOfOneKeyStayInOffsetOrder() {
        KafkaAgent.Topics topics = kafka.topics("key-order", 1);
        ilert.sim().latency(Duration.ofMillis(5)); // calls of different keys overlap, so a mix-up within a key would show
        agent("key-order-group", topics, 500);
        int keys = 4;
        int perKey = 25;

        for (int i = 0; i < perKey; i++) {
            for (int k = 0; k < keys; k++) {
                kafka.broker().send(topics.events(), 0, "p", event("k" + k, "k" + k + "-" + i));
            }
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> summaries().size() == keys * perKey);
        Map<String, List<Integer>> seen = new HashMap<>();
        for (String summary : summaries()) {
            String[] parts = summary.split("-");
            seen.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        List<Integer> inOrder = IntStream.range(0, perKey).boxed().toList();
        assertThat(seen).hasSize(keys).allSatisfy((key, order) -> assertThat(order).as(key).isEqualTo(inOrder));
        await().atMost(Duration.ofSeconds(10)).until(() -> committed("key-order-group", topics).equals(Map.of(0, 100L)));
    }

    @Test
    void onlyTheSettledPrefixIsCommittedWhileAnEarlierRecordIsHeld() {
        KafkaAgent.Topics topics = kafka.topics("prefix", 1);
        Holds.Hold slow = ilert.sim().hold("slow-0");
        agent("prefix-group", topics, 500);

        kafka.broker().send(topics.events(), 0, "p", event("a", "slow-0"));
        for (int i = 1; i <= 3; i++) {
            kafka.broker().send(topics.events(), 0, "p", event("b" + i, "later-" + i));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> summaries().size() == 3);
        assertThat(summaries()).containsExactlyInAnyOrder("later-1", "later-2", "later-3");
        // Moved prefixes are committed every tenth of a second; many such turns pass while offset 0 is held.
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                .until(() -> committed("prefix-group", topics).getOrDefault(0, 0L) == 0L);

        slow.release();

        await().atMost(Duration.ofSeconds(10)).until(() -> committed("prefix-group", topics).equals(Map.of(0, 4L)));
    }

    @Test
    void aFullWindowPausesItsPartitionWhileOtherPartitionsFlow() {
        KafkaAgent.Topics topics = kafka.topics("window", 2);
        Holds.Hold held = ilert.sim().hold("held");
        agent("window-group", topics, 3);

        for (int i = 0; i < 3; i++) {
            kafka.broker().send(topics.events(), 0, "p0", event("h" + i, "held-" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> held.arrived() == 3);
        kafka.broker().send(topics.events(), 0, "p0", event("free", "p0-free"));
        for (int i = 0; i < 3; i++) {
            kafka.broker().send(topics.events(), 1, "p1", event("p1-" + i, "p1-" + i));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(3).equals(committed("window-group", topics).get(1)));
        assertThat(summaries()).as("partition 0's fourth record waits outside its full window")
                .containsExactlyInAnyOrder("p1-0", "p1-1", "p1-2");

        held.release();

        await().atMost(Duration.ofSeconds(10)).until(() -> summaries().contains("p0-free"));
        await().atMost(Duration.ofSeconds(10)).until(() -> committed("window-group", topics).equals(Map.of(0, 4L, 1, 3L)));
    }
}
