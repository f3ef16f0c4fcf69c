package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineStopTest {

    @TempDir
    Path dir;

    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final CountDownLatch inHandler = new CountDownLatch(1);

    private DeliveryHandler blockingUntil(CountDownLatch release) {
        return item -> {
            inHandler.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new DeliveryResult.RetryLater("interrupted", Optional.empty());
            }
            delivered.add(item.payload());
            return new DeliveryResult.Delivered("ok");
        };
    }

    @Test
    void stopLetsDeliveriesUnderWayFinishAndTakesNoNewWork() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Path file = dir.resolve("a.db3");
        try (TestAgent agent = new TestAgent(file, Clock.systemUTC(), 0.0, 100, 1,
                Map.of(ItemKind.EVENT, blockingUntil(release)))) {
            agent.engine.start();
            agent.event("event:k/a", "first");
            agent.event("event:k/b", "second");
            assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> stop(agent.engine));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !stopped.isDone());
            release.countDown();

            assertThat(stopped.get(5, TimeUnit.SECONDS)).isTrue();

            assertThat(delivered).containsExactly("first");
            assertThat(agent.outbox.pending(10)).extracting(OutboxItem::payload).containsExactly("second");
        }
    }

    private static boolean stop(DeliveryEngine engine) {
        try {
            return engine.stop(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void deliveryStillUnderWayAtTheTimeoutStaysQueuedUnchanged() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (TestAgent agent = new TestAgent(dir.resolve("a.db3"), Clock.systemUTC(), 0.0, 100, 4,
                Map.of(ItemKind.EVENT, blockingUntil(never)))) {
            agent.engine.start();
            long id = agent.event("event:k/a", "stuck");
            assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();

            assertThat(agent.engine.stop(Duration.ofMillis(200))).isFalse();

            OutboxItem item = agent.outbox.find(id).orElseThrow();
            assertThat(item.attempts()).isZero();
            assertThat(item.lastError()).isEmpty();
        }
    }
}
