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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Partitions and keys are delivered at once; the records of one key stay in order. */
class KafkaConcurrencyTest {
    @RegisterExtension
    static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();
    @TempDir
    Path dir;

    private KafkaAgent agent(String group, KafkaAgent.Topics topics, int maxInFlight) {
        KafkaAgent agent = new KafkaAgent(dir.resolve(group + ".db"), kafka.broker().bootstrap(), group, topics, ilert.sim(),
                new ConcurrentLinkedQueue<>(), Optional.empty(), 1024 * 1024, maxInFlight);
        await().atMost(Duration.ofSeconds(20)).until(agent::ready);
        return agent;
    }

    private static String event(String alertKey, String summary) {
        return """
                {"integrationKey":"il1conc","eventType":"ALERT","summary":"%s","alertKey":"%s"}""".formatted(summary, alertKey);
    }

    private List<String> summaries() {
        return ilert.sim().events().stream().map(e -> e.body().path("summary").asText()).toList();
    }

    @Test
    void aSlowIlertAnswerForOnePartitionsRecordDoesNotHoldUpTheOtherPartitions() throws Exception {
        KafkaAgent.Topics topics = kafka.topics("slow-one", 2);
        Holds.Hold slow = ilert.sim().hold("a0-slow");
        try (KafkaAgent agent = agent("slow-one-group", topics, 2)) {
            kafka.broker().send(topics.events(), 0, "a", event("a", "a0-slow"));
            kafka.broker().send(topics.events(), 0, "a", event("a", "a1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> slow.arrived() == 1);
            for (int i = 0; i < 3; i++) {
                kafka.broker().send(topics.events(), 1, "b", event("b", "b" + i));
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> summaries().size() == 3);
            assertThat(summaries()).as("partition 1 delivered while key a's first answer is held, a1 waiting behind it")
                    .containsExactly("b0", "b1", "b2");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> kafka.broker().committed("slow-one-group", topics.events()).equals(Map.of(1, 3L)));

            slow.release();

            await().atMost(Duration.ofSeconds(10)).until(() -> summaries().size() == 5);
            assertThat(summaries().subList(3, 5)).containsExactly("a0-slow", "a1");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> kafka.broker().committed("slow-one-group", topics.events()).equals(Map.of(0, 2L, 1, 3L)));
        }
    }

    @Test
    void eachKeysRecordsReachIlertInOrderWhileSeveralPartitionsGoAtOnce() throws Exception {
        int partitions = 4;
        int perPartition = 30;
        KafkaAgent.Topics topics = kafka.topics("in-order", partitions);
        ilert.sim().latency(Duration.ofMillis(5)); // calls overlap, so a mix-up within a partition would show
        try (KafkaAgent agent = agent("in-order-group", topics, partitions)) {
            for (int i = 0; i < perPartition; i++) {
                for (int p = 0; p < partitions; p++) {
                    kafka.broker().send(topics.events(), p, "k" + p, event("p" + p, "p" + p + "-" + i));
                }
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> summaries().size() == partitions * perPartition);
            Map<String, List<Integer>> seen = new HashMap<>();
            for (String summary : summaries()) {
                String[] parts = summary.split("-");
                seen.computeIfAbsent(parts[0], p -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
            }
            List<Integer> inOrder = java.util.stream.IntStream.range(0, perPartition).boxed().toList();
            assertThat(seen).hasSize(partitions).allSatisfy((p, order) -> assertThat(order).as(p).isEqualTo(inOrder));
            Map<Integer, Long> all = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                all.put(p, (long) perPartition);
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> kafka.broker().committed("in-order-group", topics.events()).equals(all));
        }
    }

    @Test
    void aPartitionRevokedWhileItsRecordIsHeldCommitsTheSettledPrefixAndTheNewOwnerGetsTheRest() throws Exception {
        KafkaAgent.Topics topics = kafka.topics("revoked", 2);
        Holds.Hold slow = ilert.sim().hold("r0-slow");
        try (KafkaAgent first = agent("revoked-group", topics, 2)) {
            kafka.broker().send(topics.events(), 0, "r", event("r", "r0-slow"));
            kafka.broker().send(topics.events(), 0, "r", event("r", "r1")); // waits behind r0-slow on key r
            kafka.broker().send(topics.events(), 1, "s", event("s", "s0"));
            await().atMost(Duration.ofSeconds(10)).until(() -> slow.arrived() == 1 && summaries().contains("s0"));

            // The second agent's join revokes the first one's partitions: r1, waiting, is let go of; r0-slow, under
            // way, is waited for, so the group stays in its rebalance until it is released.
            try (KafkaAgent second = new KafkaAgent(dir.resolve("second.db"), kafka.broker().bootstrap(), "revoked-group",
                    topics, ilert.sim(), new ConcurrentLinkedQueue<>(), Optional.empty(), 1024 * 1024, 2)) {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> kafka.broker().groupState("revoked-group").equals("PREPARING_REBALANCE"));
                slow.release();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> kafka.broker().committed("revoked-group", topics.events()).equals(Map.of(0, 2L, 1, 1L)));
                assertThat(summaries()).containsOnlyOnce("r0-slow", "r1", "s0");
                assertThat(summaries().indexOf("r0-slow")).isLessThan(summaries().indexOf("r1"));
            }
        }
    }
}
