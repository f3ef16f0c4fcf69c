package io.ilagent.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.source.Health;
import io.ilagent.sim.Failure;
import io.ilagent.sim.IlertSimulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Consumer groups: agents share partitions, a graceful stop commits, readiness follows the assignment. */
class KafkaGroupTest {
    @RegisterExtension
    static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();
    @TempDir
    Path dir;

    private KafkaAgent agent(String group, KafkaAgent.Topics topics, ConcurrentLinkedQueue<String> done) {
        return new KafkaAgent(dir.resolve(group + System.nanoTime() + ".db"), kafka.broker().bootstrap(), group, topics,
                ilert.sim(), done, Optional.empty(), 1024 * 1024);
    }

    private static void sendEvents(KafkaAgent.Topics topics, int partitions, int from, int to) {
        for (int i = from; i < to; i++) {
            kafka.broker().send(topics.events(), i % partitions, "k" + i, """
                    {"integrationKey":"il1group","eventType":"ALERT","summary":"e%d"}""".formatted(i));
        }
    }

    @Test
    void twoAgentsInOneGroupShareThePartitionsAndHandleEachRecordOnce() throws Exception {
        KafkaAgent.Topics topics = kafka.topics("shared", 4);
        ConcurrentLinkedQueue<String> first = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> second = new ConcurrentLinkedQueue<>();
        try (KafkaAgent a = agent("shared-group", topics, first); KafkaAgent b = agent("shared-group", topics, second)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> a.ready() && b.ready());

            sendEvents(topics, 4, 0, 20);

            await().atMost(Duration.ofSeconds(20)).until(() -> ilert.sim().events().size() == 20);
            assertThat(first).isNotEmpty();
            assertThat(second).isNotEmpty();
            Set<String> all = new HashSet<>(first);
            all.addAll(second);
            assertThat(first.size() + second.size()).as("no record handled twice").isEqualTo(20);
            assertThat(all).hasSize(20);
        }
    }

    @Test
    void aGracefulStopCommitsSoARestartedAgentDoesNotHandleTheRecordsAgain() throws Exception {
        KafkaAgent.Topics topics = kafka.topics("restart", 1);
        ConcurrentLinkedQueue<String> before = new ConcurrentLinkedQueue<>();
        try (KafkaAgent agent = agent("restart-group", topics, before)) {
            await().atMost(Duration.ofSeconds(20)).until(agent::ready);
            sendEvents(topics, 1, 0, 5);
            await().atMost(Duration.ofSeconds(10)).until(() -> before.size() == 5);
        }
        assertThat(kafka.broker().committed("restart-group", topics.events())).isEqualTo(Map.of(0, 5L));

        ConcurrentLinkedQueue<String> after = new ConcurrentLinkedQueue<>();
        try (KafkaAgent agent = agent("restart-group", topics, after)) {
            await().atMost(Duration.ofSeconds(20)).until(agent::ready);
            sendEvents(topics, 1, 5, 6);
            await().atMost(Duration.ofSeconds(10)).until(() -> after.size() == 1);
            assertThat(after).containsExactly("kafka:" + topics.events() + "/0/5");
        }
        assertThat(ilert.sim().events()).hasSize(6);
    }

    @Test
    void aRebalanceMidRetryCommitsTheSettledPrefixAndTheNewOwnerGetsTheRest() throws Exception {
        KafkaAgent.Topics topics = kafka.topics("mid-retry", 2);
        ilert.sim().failNext(100_000, Failure.status(503).on("POST", "/api/v1/events/kafka/il1down"));
        ConcurrentLinkedQueue<String> firstDone = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> secondDone = new ConcurrentLinkedQueue<>();
        try (KafkaAgent first = agent("mid-retry-group", topics, firstDone)) {
            await().atMost(Duration.ofSeconds(20)).until(first::ready);
            for (int p = 0; p < 2; p++) {
                kafka.broker().send(topics.events(), p, "k", event("il1group", "p" + p + "-before"));
                kafka.broker().send(topics.events(), p, "k", event("il1down", "p" + p + "-failing"));
                kafka.broker().send(topics.events(), p, "k", event("il1group", "p" + p + "-after"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> summaries().size() == 4
                    && ilert.sim().requestsTo("POST", "/api/v1/events/kafka/il1down").size() >= 4);
            await().atMost(Duration.ofSeconds(10)).until(() -> kafka.broker().committed("mid-retry-group", topics.events())
                    .equals(Map.of(0, 1L, 1, 1L)));

            try (KafkaAgent second = agent("mid-retry-group", topics, secondDone)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> first.ready() && second.ready());
                ilert.sim().clearFaults();

                await().atMost(Duration.ofSeconds(20)).until(() -> kafka.broker().committed("mid-retry-group", topics.events())
                        .equals(Map.of(0, 3L, 1, 3L)));
                assertThat(summaries()).as("the settled prefix was committed: not delivered again")
                        .containsOnlyOnce("p0-before", "p1-before", "p0-failing", "p1-failing");
                assertThat(secondDone).as("the new owner took the records from the committed offset on")
                        .anyMatch(id -> id.endsWith("/1"));
            }
        }
    }

    private static String event(String integrationKey, String summary) {
        return """
                {"integrationKey":"%s","eventType":"ALERT","summary":"%s","alertKey":"%s"}""".formatted(integrationKey, summary,
                summary);
    }

    private List<String> summaries() {
        return ilert.sim().events().stream().map(e -> e.body().path("summary").asText()).toList();
    }

    @Test
    void anAgentHoldingNoPartitionIsAReadyStandbyAndTakesOverWhenTheHolderStops() throws Exception {
        KafkaAgent.Topics topics = kafka.topics("standby", 1);
        ConcurrentLinkedQueue<String> doneA = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> doneB = new ConcurrentLinkedQueue<>();
        KafkaAgent a = agent("standby-group", topics, doneA);
        KafkaAgent b = agent("standby-group", topics, doneB);
        List<KafkaAgent> running = new java.util.ArrayList<>(List.of(a, b));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> a.ready() && b.ready());
            sendEvents(topics, 1, 0, 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> doneA.size() + doneB.size() == 1);
            KafkaAgent holder = doneA.isEmpty() ? b : a;
            KafkaAgent standby = holder == a ? b : a;
            ConcurrentLinkedQueue<String> standbyDone = standby == a ? doneA : doneB;
            assertThat(standby.health.snapshot().get(KafkaReadiness.COMPONENT).ready())
                    .as("the member without a partition is ready: a standby, not a fault").isTrue();
            assertThat(standby.health.ready()).isTrue();

            running.remove(holder);
            holder.close();
            sendEvents(topics, 1, 1, 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> standbyDone.contains("kafka:" + topics.events() + "/0/1"));
            assertThat(standby.ready()).isTrue();
        } finally {
            for (KafkaAgent agent : running) {
                agent.close();
            }
        }
    }

    @Test
    void anAgentIsNotReadyBeforeItJoinedItsGroupNorWhileItsPollFails() {
        Health health = new Health();
        KafkaReadiness readiness = new KafkaReadiness(health, "g");
        assertThat(health.ready()).isFalse();
        assertThat(health.firstNotReady().orElseThrow().name()).isEqualTo("kafka");
        assertThat(health.snapshot().get("kafka").detail()).isEqualTo("joining consumer group g");
        assertThat(health.snapshot().get("kafka").facts()).containsEntry("group_id", "g").containsEntry("assigned_partitions", 0);

        readiness.assigned(0);
        assertThat(health.ready()).as("joined, holding no partition: a standby").isTrue();

        readiness.failed("Broker may not be available");
        assertThat(health.ready()).isFalse();
        assertThat(health.snapshot().get("kafka").detail()).isEqualTo("Kafka error: Broker may not be available");
        assertThat(health.healthy()).as("/health stays up: a failing poll is not a reason to restart").isTrue();

        readiness.polled();
        assertThat(health.ready()).isTrue();
    }
}
