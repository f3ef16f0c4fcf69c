package io.ilagent.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.sim.Failure;
import io.ilagent.sim.IlertSimulatorExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition lost without a rebalance (the group dropped this consumer: it did not poll within
 * max.poll.interval.ms) while one of its records is retrying: that record is dropped from memory, so once the
 * partition is read again only the new copy reaches ilert, never the old one beside it.
 */
class KafkaLostPartitionTest {
    private static final String RETRYING = "/api/v1/events/kafka/il1lostb";
    @RegisterExtension
    static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();
    @TempDir
    Path dir;

    private static String event(String key, String alertKey, String summary) {
        return """
                {"integrationKey":"%s","eventType":"ALERT","summary":"%s","alertKey":"%s"}""".formatted(key, summary, alertKey);
    }

    @Test
    void aLostPartitionsRetryingRecordIsDroppedAndOnlyItsRereadCopyIsDelivered() throws Exception {
        KafkaAgent.Topics topics = kafka.topics("lost", 1);
        ilert.sim().failNext(100_000, Failure.status(503).on("POST", RETRYING));
        Path file = dir.resolve("lost.db");
        ConcurrentLinkedQueue<String> done = new ConcurrentLinkedQueue<>();
        // A consumer thread held longer than this is dropped by the group, and its partitions are lost.
        try (KafkaAgent agent = new KafkaAgent(file, kafka.broker().bootstrap(), "lost-group", topics, ilert.sim(), done,
                Optional.empty(), 1024 * 1024, 16, 500, List.of("max.poll.interval.ms=2000"))) {
            await().atMost(Duration.ofSeconds(20)).until(agent::ready);
            kafka.broker().send(topics.events(), 0, "a", event("il1lost", "a", "a0"));
            kafka.broker().send(topics.events(), 0, "b", event("il1lostb", "b", "b0"));
            kafka.broker().send(topics.events(), 0, "c", event("il1lost", "c", "c0"));
            await().atMost(Duration.ofSeconds(10)).until(() -> summaries().containsAll(List.of("a0", "c0"))
                    && ilert.sim().requestsTo("POST", RETRYING).size() >= 2);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> kafka.broker().committed("lost-group", topics.events()).equals(Map.of(0, 1L)));

            // Another connection holds the database's write lock: storing the next record as a dead letter waits
            // out SQLite's busy timeout (5 s) on the consumer thread, past max.poll.interval.ms.
            try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = lock.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                kafka.broker().send(topics.events(), 0, "bad", "not json");
                // The partition was lost and read again from the commit point: c0 is delivered a second time (it was
                // settled above the commit point, which at least once allows).
                await().atMost(Duration.ofSeconds(40)).until(() -> count(done, "lost-events/0/2") >= 2);
                s.execute("ROLLBACK");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !agent.deadLetters().isEmpty());
            ilert.sim().clearFaults();

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> kafka.broker().committed("lost-group", topics.events()).equals(Map.of(0, 4L)));
            assertThat(summaries().stream().filter("b0"::equals)).as("the dropped retry never reached ilert").hasSize(1);
            assertThat(summaries().stream().filter("a0"::equals)).as("below the commit point: not read again").hasSize(1);
            assertThat(agent.deadLetters()).allSatisfy(d -> assertThat(d.reason()).contains("JSON"));
        }
    }

    private static long count(ConcurrentLinkedQueue<String> done, String suffix) {
        return done.stream().filter(id -> id.endsWith(suffix)).count();
    }

    private List<String> summaries() {
        return ilert.sim().events().stream().map(e -> e.body().path("summary").asText()).toList();
    }
}
