package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatestWinsTest {

    @TempDir
    Path dir;

    private final List<String> attempts = new CopyOnWriteArrayList<>();
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    private DeliveryResult deliver(OutboxItem item) {
        delivered.add(item.payload());
        return new DeliveryResult.Delivered("HTTP 200");
    }

    @Test
    void newerItemSupersedesAnOlderWaitingOneWhichIsNeverDelivered() throws Exception {
        try (TestAgent agent = new TestAgent(dir.resolve("a.db3"), Clock.systemUTC(), 0.0, 100, 16,
                Map.of(ItemKind.POLICY_UPDATE, this::deliver))) {
            long x = agent.policy("policy:rk/1", "level 1 -> X");
            long y = agent.policy("policy:rk/1", "level 1 -> Y");
            long other = agent.policy("policy:rk/2", "level 2 -> Z");

            assertThat(agent.superseded).containsExactly(x + "->" + y);
            assertThat(agent.outbox.pending(10)).extracting(OutboxItem::id).containsExactly(y, other);

            agent.engine.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 2);
            assertThat(delivered).containsExactlyInAnyOrder("level 1 -> Y", "level 2 -> Z");
        }
    }

    @Test
    void withSourceTimesTheNewestTimeWinsNotTheLatestArrival() throws Exception {
        try (TestAgent agent = new TestAgent(dir.resolve("a.db3"), Clock.systemUTC(), 0.0, 100, 16,
                Map.of(ItemKind.POLICY_UPDATE, this::deliver))) {
            Instant t = Instant.parse("2026-12-02T08:00:00Z");
            long newer = agent.outbox.enqueue(WorkItem.latestWins(ItemKind.POLICY_UPDATE, "policy:rk/1", "of 08:05", "test")
                    .orderedBy(Optional.of(t.plusSeconds(300))));
            long older = agent.outbox.enqueue(WorkItem.latestWins(ItemKind.POLICY_UPDATE, "policy:rk/1", "of 08:00", "test")
                    .orderedBy(Optional.of(t)));

            assertThat(agent.superseded).containsExactly(older + "->" + newer);
            agent.engine.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 1);
            assertThat(delivered).containsExactly("of 08:05");
        }
    }

    @Test
    void anItemStoredBesideAWaitingOneByAnotherProcessIsSupersededWhenTheLaneIsClaimed() throws Exception {
        try (TestAgent agent = new TestAgent(dir.resolve("a.db3"), Clock.systemUTC(), 0.0, 100, 16,
                Map.of(ItemKind.POLICY_UPDATE, this::deliver))) {
            long x = agent.policy("policy:rk/1", "level 1 -> X");
            // what `ilagent queue retry` does in its own process: a plain insert, nothing superseded
            long y = agent.db.transaction("requeue", c -> Outbox.insert(c,
                    WorkItem.latestWins(ItemKind.POLICY_UPDATE, "policy:rk/1", "level 1 -> Y", "test"), Instant.now()));
            assertThat(agent.superseded).isEmpty();

            agent.engine.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 1 && agent.outbox.pending(10).isEmpty());
            assertThat(delivered).containsExactly("level 1 -> Y");
            assertThat(agent.superseded).containsExactly(x + "->" + y);
        }
    }

    @Test
    void orderedLaneKeepsEveryItem() throws Exception {
        try (TestAgent agent = new TestAgent(dir.resolve("a.db3"), Clock.systemUTC(), 0.0, 100, 16,
                Map.of(ItemKind.EVENT, this::deliver))) {
            agent.event("event:k/a", "ALERT");
            agent.event("event:k/a", "RESOLVE");

            assertThat(agent.superseded).isEmpty();
            assertThat(agent.outbox.pending(10)).hasSize(2);
        }
    }

    @Test
    void itemInFlightIsNotSupersededAndOnlyTheNewestWaitingOneFollows() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DeliveryHandler blockingFirst = item -> {
            if (item.payload().equals("X")) {
                inHandler.countDown();
                awaitLatch(release);
            }
            return deliver(item);
        };
        try (TestAgent agent = TestAgent.started(dir.resolve("a.db3"), Clock.systemUTC(), 0.0, 100,
                Map.of(ItemKind.POLICY_UPDATE, blockingFirst))) {
            agent.policy("policy:rk/1", "X");
            assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();
            long y = agent.policy("policy:rk/1", "Y");
            long z = agent.policy("policy:rk/1", "Z");
            assertThat(agent.superseded).containsExactly(y + "->" + z);

            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 2);
            assertThat(delivered).containsExactly("X", "Z");
        }
    }

    @Test
    void staleRetryNeverOverwritesNewerAssignment() throws Exception {
        DeliveryHandler failsForX = item -> {
            attempts.add(item.payload());
            if (item.payload().equals("X")) {
                return new DeliveryResult.RetryLater("HTTP 503", Optional.empty());
            }
            return deliver(item);
        };
        // jitter 0.5: X's retry is 500 ms away, so Y arrives while X waits for it
        try (TestAgent agent = TestAgent.started(dir.resolve("a.db3"), Clock.systemUTC(), 0.5, 100,
                Map.of(ItemKind.POLICY_UPDATE, failsForX))) {
            long x = agent.policy("policy:rk/1", "X");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> agent.outbox.find(x).map(OutboxItem::attempts).orElse(0) == 1);
            long y = agent.policy("policy:rk/1", "Y");

            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.contains("Y"));
            assertThat(agent.superseded).containsExactly(x + "->" + y);
            assertThat(attempts).containsExactly("X", "Y");
            assertThat(agent.outbox.pending(10)).isEmpty();
        }
    }

    @Test
    void failedInFlightItemGivesWayToTheNewerOneAtOnce() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DeliveryHandler handler = item -> {
            attempts.add(item.payload());
            if (item.payload().equals("X")) {
                inHandler.countDown();
                awaitLatch(release);
                return new DeliveryResult.RetryLater("HTTP 503", Optional.of(Duration.ofSeconds(30)));
            }
            return deliver(item);
        };
        try (TestAgent agent = TestAgent.started(dir.resolve("a.db3"), Clock.systemUTC(), 0.0, 100,
                Map.of(ItemKind.POLICY_UPDATE, handler))) {
            long x = agent.policy("policy:rk/1", "X");
            assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();
            long y = agent.policy("policy:rk/1", "Y");
            release.countDown();

            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.contains("Y"));
            assertThat(agent.superseded).containsExactly(x + "->" + y);
            assertThat(attempts).containsExactly("X", "Y");
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
