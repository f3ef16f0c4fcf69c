package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetryLimitTest {

    @TempDir
    Path dir;

    private final AtomicInteger calls = new AtomicInteger();

    private DeliveryResult unavailable(OutboxItem item) {
        calls.incrementAndGet();
        return new DeliveryResult.RetryLater("HTTP 503 from ilert", Optional.empty());
    }

    @Test
    void maxRetriesTwoGivesExactlyThreeAttemptsThenADeadLetter() throws Exception {
        // jitter 0: every retry is due at once, so the test does not wait on backoff
        try (TestAgent agent = TestAgent.started(dir.resolve("a.db3"), Clock.systemUTC(), 0.0, 2,
                Map.of(ItemKind.EVENT, this::unavailable))) {
            long id = agent.outbox.enqueue(WorkItem.ordered(ItemKind.EVENT, "event:k/a", "{\"n\":1}", "kafka t/0/17"));

            await().atMost(Duration.ofSeconds(5)).until(() -> agent.deadLetters.find(id).isPresent());
            DeadLetter dead = agent.deadLetters.find(id).orElseThrow();
            assertThat(calls.get()).isEqualTo(3);
            assertThat(dead.attempts()).isEqualTo(3);
            assertThat(dead.reason()).isEqualTo("no success after 3 attempts (max retries 2)");
            assertThat(dead.stage()).isEqualTo(DeliveryResult.DELIVER);
            assertThat(dead.lastError()).contains("HTTP 503 from ilert");
            assertThat(dead.sourceRef()).isEqualTo("kafka t/0/17");
            assertThat(dead.kind()).isEqualTo(ItemKind.EVENT);
            assertThat(dead.lane()).isEqualTo("event:k/a");
            assertThat(dead.payload()).isEqualTo("{\"n\":1}");
            assertThat(agent.outbox.pending(10)).isEmpty();
        }
    }

    @Test
    void maxRetriesZeroNeverDeadLettersOnRetries() throws Exception {
        try (TestAgent agent = TestAgent.started(dir.resolve("a.db3"), Clock.systemUTC(), 0.0, 0,
                Map.of(ItemKind.EVENT, this::unavailable))) {
            long id = agent.event("event:k/a", "{}");

            await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() > 150);
            assertThat(agent.deadLetters.list(10)).isEmpty();
            assertThat(agent.outbox.find(id)).isPresent();
        }
    }

    @Test
    void rejectedItemGoesStraightToDeadLettersWithReasonAndStage() throws Exception {
        DeliveryHandler unknownUser = item -> new DeliveryResult.Rejected("no ilert user with email a@b.c", "resolve user");
        try (TestAgent agent = TestAgent.started(dir.resolve("a.db3"), Clock.systemUTC(), 0.0, 100,
                Map.of(ItemKind.POLICY_UPDATE, unknownUser))) {
            long id = agent.policy("policy:rk/1", "{}");

            await().atMost(Duration.ofSeconds(5)).until(() -> agent.deadLetters.find(id).isPresent());
            DeadLetter dead = agent.deadLetters.find(id).orElseThrow();
            assertThat(dead.reason()).isEqualTo("no ilert user with email a@b.c");
            assertThat(dead.stage()).isEqualTo("resolve user");
            assertThat(dead.attempts()).isEqualTo(1);
            assertThat(dead.latestWins()).isTrue();
        }
    }

    @Test
    void laneMovesOnAfterItsHeadIsDeadLettered() throws Exception {
        DeliveryHandler firstRejected = item -> item.payload().equals("bad")
                ? new DeliveryResult.Rejected("HTTP 400", DeliveryResult.DELIVER)
                : new DeliveryResult.Delivered("HTTP 202");
        try (TestAgent agent = TestAgent.started(dir.resolve("a.db3"), Clock.systemUTC(), 0.0, 100,
                Map.of(ItemKind.EVENT, firstRejected))) {
            agent.event("event:k/a", "bad");
            agent.event("event:k/a", "good");

            await().atMost(Duration.ofSeconds(5)).until(() -> agent.outbox.pending(10).isEmpty());
            assertThat(agent.deadLetters.list(10)).extracting(DeadLetter::payload).containsExactly("bad");
        }
    }
}
