package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaneOrderingTest {

    @TempDir
    Path dir;

    private final List<String> attempts = new CopyOnWriteArrayList<>();
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    /** Fails the first {@code failures} attempts of payloads named in the map, then delivers. */
    private DeliveryHandler failingFirst(Map<String, Integer> failures) {
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        return item -> {
            attempts.add(item.payload());
            int n = seen.computeIfAbsent(item.payload(), p -> new AtomicInteger()).incrementAndGet();
            if (n <= failures.getOrDefault(item.payload(), 0)) {
                return new DeliveryResult.RetryLater("HTTP 503", Optional.empty());
            }
            delivered.add(item.payload());
            return new DeliveryResult.Delivered("HTTP 202");
        };
    }

    @Test
    void laterItemOfAKeyWaitsUntilTheEarlierOneIsDelivered() throws Exception {
        DeliveryHandler handler = failingFirst(Map.of("alert", 3));
        try (TestAgent agent = TestAgent.started(dir.resolve("a.db3"), Clock.systemUTC(), 0.0, 100,
                Map.of(ItemKind.EVENT, handler))) {
            agent.event("event:k/a", "alert");
            agent.event("event:k/a", "resolve");

            await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 2);
            assertThat(delivered).containsExactly("alert", "resolve");
            assertThat(attempts).containsExactly("alert", "alert", "alert", "alert", "resolve");
        }
    }

    @Test
    void failingKeyDoesNotDelayOtherKeys() throws Exception {
        DeliveryHandler handler = failingFirst(Map.of("a1", Integer.MAX_VALUE));
        try (TestAgent agent = TestAgent.started(dir.resolve("a.db3"), Clock.systemUTC(), 0.5, 100,
                Map.of(ItemKind.EVENT, handler))) {
            long a1 = agent.event("event:k/A", "a1");
            agent.event("event:k/A", "a2");
            for (int i = 1; i <= 5; i++) {
                agent.event("event:k/B", "b" + i);
            }

            await().atMost(Duration.ofSeconds(3)).until(() -> delivered.size() == 5);
            assertThat(delivered).containsExactly("b1", "b2", "b3", "b4", "b5");
            assertThat(attempts).doesNotContain("a2");
            assertThat(agent.outbox.find(a1)).hasValueSatisfying(i -> assertThat(i.attempts()).isPositive());
        }
    }

    @Test
    void deliveriesOfDifferentKeysRunConcurrentlyUpToMaxInFlight() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        DeliveryHandler slow = item -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            delivered.add(item.payload());
            return new DeliveryResult.Delivered("ok");
        };
        try (TestAgent agent = new TestAgent(dir.resolve("a.db3"), Clock.systemUTC(), 0.0, 100, 3,
                Map.of(ItemKind.EVENT, slow))) {
            agent.engine.start();
            for (int i = 0; i < 6; i++) {
                agent.event("event:k/" + i, "e" + i);
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 3);
            assertThat(agent.outbox.claims().count()).isEqualTo(3);
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 6);
            assertThat(peak.get()).isEqualTo(3);
        }
    }
}
