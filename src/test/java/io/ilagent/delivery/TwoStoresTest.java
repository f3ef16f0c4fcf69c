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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One engine, two stores: items kept in memory for their source, and the durable outbox. */
class TwoStoresTest {
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);
    final List<String> delivered = new CopyOnWriteArrayList<>();
    final List<String> settled = new CopyOnWriteArrayList<>();
    final AtomicBoolean failing = new AtomicBoolean();

    final DeliveryHandler recording = item -> {
        if (failing.get()) {
            return new DeliveryResult.RetryLater("HTTP 503", Optional.empty());
        }
        delivered.add(item.payload());
        return new DeliveryResult.Delivered("HTTP 202");
    };

    private TestAgent agent(Map<ItemKind, DeliveryHandler> handlers) {
        TestAgent agent = new TestAgent(dir.resolve("a.db"), clock, 0.5, 0, 4, handlers);
        agent.engine.start();
        return agent;
    }

    private void submit(TestAgent agent, WorkItem work) {
        agent.engine.memory().submit(work, clock.instant(), () -> settled.add(work.payload()));
    }

    private static WorkItem event(String alertKey, String payload) {
        return WorkItem.ordered(ItemKind.EVENT, "event:k/" + alertKey, payload, "test");
    }

    @Test
    void aDirectItemIsDeliveredFromMemoryAndThenSettled() {
        try (TestAgent agent = agent(Map.of(ItemKind.EVENT, recording))) {
            submit(agent, event("a", "e1"));

            await().atMost(Duration.ofSeconds(5)).until(() -> settled.contains("e1"));
            assertThat(delivered).containsExactly("e1");
            assertThat(agent.outbox.pending(10)).isEmpty();
        }
    }

    @Test
    void aFailedDirectItemIsStoredInTheOutboxWithItsRetryStateAndThenSettled() {
        failing.set(true);
        try (TestAgent agent = agent(Map.of(ItemKind.EVENT, recording))) {
            submit(agent, event("a", "e1"));

            await().atMost(Duration.ofSeconds(5)).until(() -> settled.contains("e1"));
            List<OutboxItem> stored = agent.outbox.pending(10);
            assertThat(stored).singleElement().satisfies(item -> {
                assertThat(item.payload()).isEqualTo("e1");
                assertThat(item.attempts()).isEqualTo(1);
                assertThat(item.nextAttemptAt()).isAfter(T0);
                assertThat(item.lastError()).contains("HTTP 503");
            });
            assertThat(agent.engine.memory().size()).isZero();
        }
    }

    @Test
    void laterItemsOfALaneInTheOutboxFollowItThereAndKeepTheirOrder() {
        failing.set(true);
        try (TestAgent agent = agent(Map.of(ItemKind.EVENT, recording))) {
            submit(agent, event("a", "e1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> settled.contains("e1"));

            submit(agent, event("a", "e2"));
            submit(agent, event("b", "other"));

            assertThat(settled).contains("e2"); // stored behind e1 at once, so settled at once
            await().atMost(Duration.ofSeconds(5)).until(() -> settled.contains("other"));
            assertThat(agent.outbox.pending(10)).extracting(OutboxItem::payload).containsExactly("e1", "e2", "other");
            failing.set(false);
            clock.advance(Duration.ofMinutes(2));
            agent.engine.wakeUp();
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 3);
            assertThat(delivered.indexOf("e1")).isLessThan(delivered.indexOf("e2"));
        }
    }

    @Test
    void oneFailingLaneNeverHoldsUpTheOthers() {
        DeliveryHandler handler = item -> item.lane().endsWith("/broken")
                ? new DeliveryResult.RetryLater("HTTP 503", Optional.empty()) : recording.deliver(item);
        try (TestAgent agent = agent(Map.of(ItemKind.EVENT, handler))) {
            submit(agent, event("broken", "b1"));
            for (int i = 0; i < 20; i++) {
                submit(agent, event("k" + i, "e" + i));
            }
            submit(agent, event("broken", "b2"));

            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 20 && settled.size() == 22);
            assertThat(agent.outbox.pending(10)).extracting(OutboxItem::payload).containsExactly("b1", "b2");
        }
    }

    private final CountDownLatch firstStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Holds the delivery of "p1" until {@link #release} opens, so that later items wait behind it. */
    private final DeliveryHandler slowFirst = item -> {
        if (item.payload().equals("p1")) {
            firstStarted.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> release.getCount() == 0);
        }
        return recording.deliver(item);
    };

    @Test
    void aNewerPolicyUpdateSupersedesOneWaitingInMemory() throws InterruptedException {
        try (TestAgent agent = agent(Map.of(ItemKind.POLICY_UPDATE, slowFirst))) {
            for (String p : List.of("p1", "p2", "p3")) {
                agent.engine.memory().submit(WorkItem.latestWins(ItemKind.POLICY_UPDATE, "policy:pp#1", p, "test"),
                        clock.instant(), () -> settled.add(p));
                if (p.equals("p1")) {
                    firstStarted.await();
                }
            }
            assertThat(settled).containsExactly("p2"); // superseded while p1 was under way
            assertThat(agent.superseded).hasSize(1);
            release.countDown();

            await().atMost(Duration.ofSeconds(5)).until(() -> settled.size() == 3);
            assertThat(delivered).containsExactly("p1", "p3");
        }
    }

    @Test
    void withSourceTimesAnOlderUpdateArrivingLateIsSupersededByTheNewerOneWaitingInMemory() throws InterruptedException {
        try (TestAgent agent = agent(Map.of(ItemKind.POLICY_UPDATE, slowFirst))) {
            submitPolicy(agent, "p1", T0);
            firstStarted.await();
            submitPolicy(agent, "of 08:10", T0.plusSeconds(600));
            submitPolicy(agent, "of 08:05", T0.plusSeconds(300)); // older, arrives last

            assertThat(settled).containsExactly("of 08:05");
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> settled.size() == 3);
            assertThat(delivered).containsExactly("p1", "of 08:10");
        }
    }

    private void submitPolicy(TestAgent agent, String payload, Instant sourceTime) {
        agent.engine.memory().submit(WorkItem.latestWins(ItemKind.POLICY_UPDATE, "policy:pp#1", payload, "test")
                .orderedBy(Optional.of(sourceTime)), clock.instant(), () -> settled.add(payload));
    }

    @Test
    void aResultTheDatabaseCannotStoreIsRetriedAfterABackoffNotAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicBoolean open = new AtomicBoolean(true);
        TestAgent[] holder = new TestAgent[1];
        DeliveryHandler closesTheDatabase = item -> {
            attempts.incrementAndGet();
            if (open.getAndSet(false)) {
                holder[0].db.close(); // from now on every write fails, like a full disk
            }
            return new DeliveryResult.RetryLater("HTTP 503", Optional.empty());
        };
        holder[0] = new TestAgent(dir.resolve("b.db"), clock, 0.5, 0, 4, Map.of(ItemKind.EVENT, closesTheDatabase));
        TestAgent agent = holder[0];
        List<String> stateChanges = new CopyOnWriteArrayList<>();
        agent.engine.onStoreStateChange(cause -> stateChanges.add(cause == null ? "works" : "fails"));
        agent.engine.start();
        try {
            submit(agent, event("a", "e1"));

            await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 1);
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() -> attempts.get() == 1);
            assertThat(settled).isEmpty(); // not stored, so never acknowledged
            assertThat(agent.engine.storeFailing()).isTrue();
            assertThat(stateChanges).containsExactly("fails"); // once, however often it fails

            clock.advance(Duration.ofMinutes(2));
            agent.engine.wakeUp();
            await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 2);
            assertThat(settled).isEmpty();
        } finally {
            try {
                agent.engine.stop(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
