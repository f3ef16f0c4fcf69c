package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Items whose source commits only after success (Kafka): a failed attempt keeps them in memory, never in the outbox. */
class KeptInMemoryTest {
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);
    final List<String> delivered = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>(); // "settled e1", "dead e1: reason", "dropped e1"
    final AtomicBoolean failing = new AtomicBoolean();
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicBoolean wanted = new AtomicBoolean(true);

    final DeliveryHandler recording = item -> {
        attempts.incrementAndGet();
        if (failing.get()) {
            return new DeliveryResult.RetryLater("HTTP 503", Optional.empty());
        }
        delivered.add(item.payload());
        return new DeliveryResult.Delivered("HTTP 202");
    };

    private TestAgent agent(int maxRetries) {
        TestAgent agent = new TestAgent(dir.resolve("a.db"), clock, 0.5, maxRetries, 4, Map.of(ItemKind.EVENT, recording));
        agent.engine.start();
        return agent;
    }

    private Settlement kept(String name) {
        return new Settlement() {
            @Override public void settled() { events.add("settled " + name); }
            @Override public void deadLettered(String reason) { events.add("dead " + name + ": " + reason); }
            @Override public void dropped() { events.add("dropped " + name); }
            @Override public boolean outboxSettles() { return false; }
            @Override public boolean wanted() { return wanted.get(); }
        };
    }

    private static WorkItem event(String alertKey, String payload) {
        return WorkItem.ordered(ItemKind.EVENT, "event:k/" + alertKey, payload, "test");
    }

    @Test
    void aFailedItemStaysInMemoryWithItsAttemptsAndIsSettledOnlyWhenDelivered() {
        failing.set(true);
        try (TestAgent agent = agent(0)) {
            agent.engine.memory().submit(event("a", "e1"), clock.instant(), kept("e1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() >= 1);

            assertThat(agent.outbox.pending(10)).as("never spilled").isEmpty();
            assertThat(agent.engine.memory().size()).isEqualTo(1);
            assertThat(events).isEmpty();

            failing.set(false);
            clock.advance(Duration.ofMinutes(2));
            agent.engine.wakeUp();

            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("settled e1"));
            assertThat(delivered).containsExactly("e1");
            assertThat(agent.outbox.pending(10)).isEmpty();
        }
    }

    @Test
    void anItemWhoseRetriesAreUsedUpIsDeadLetteredWithItsReason() {
        failing.set(true);
        try (TestAgent agent = agent(1)) {
            agent.engine.memory().submit(event("a", "e1"), clock.instant(), kept("e1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 1);
            clock.advance(Duration.ofMinutes(2));
            agent.engine.wakeUp();

            await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
            assertThat(events).singleElement().asString().startsWith("dead e1: no success after 2 attempts");
            assertThat(agent.deadLetters.list(10)).hasSize(1);
        }
    }

    @Test
    void waitingItemsASourceNoLongerWantsAreDroppedUnsettledAndOthersStay() {
        failing.set(true);
        try (TestAgent agent = agent(0)) {
            agent.engine.memory().submit(event("a", "e1"), clock.instant(), kept("e1"));
            agent.engine.memory().submit(event("b", "mqtt"), clock.instant(), () -> events.add("settled mqtt"));
            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("settled mqtt")); // spilled

            // Dropped now if it waits for its retry; if its attempt is still under way, when that fails.
            wanted.set(false);
            agent.engine.memory().dropUnwanted();

            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("dropped e1"));
            assertThat(events).containsExactly("settled mqtt", "dropped e1");
            assertThat(agent.engine.memory().size()).isZero();
            assertThat(agent.outbox.pending(10)).extracting(OutboxItem::payload).containsExactly("mqtt");
        }
    }
}
