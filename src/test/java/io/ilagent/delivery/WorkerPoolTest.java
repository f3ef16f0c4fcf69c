package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    private ThreadPoolExecutor pool;

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static ThreadPoolExecutor pool(int max, Duration keepAlive) {
        return WorkerPool.create(max, keepAlive, Thread.ofPlatform().name("test-worker-", 1).factory());
    }

    private boolean aWorkerWaits() {
        return ((LinkedTransferQueue<Runnable>) pool.getQueue()).hasWaitingConsumer();
    }

    private static Runnable blockingUntil(CountDownLatch release, AtomicInteger started, AtomicInteger finished) {
        return () -> {
            started.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.incrementAndGet();
        };
    }

    @Test
    void anIdlePoolHoldsNoThreads() {
        pool = pool(16, Duration.ofSeconds(30));

        assertThat(pool.getPoolSize()).isZero();
    }

    @Test
    void aTrickleOfTasksReusesTheIdleWorkerInsteadOfStartingMore() {
        pool = pool(16, Duration.ofSeconds(30));
        AtomicInteger done = new AtomicInteger();
        for (int i = 1; i <= 5; i++) {
            pool.execute(done::incrementAndGet);
            int expected = i;
            await().atMost(Duration.ofSeconds(5)).until(() -> done.get() == expected && aWorkerWaits());
        }

        assertThat(pool.getLargestPoolSize()).isEqualTo(1);
    }

    @Test
    void aBurstStartsWorkersUpToTheMaximumAndTheRestWaitForAFreeOne() {
        pool = pool(3, Duration.ofSeconds(30));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            pool.execute(blockingUntil(release, started, finished));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 3);
        assertThat(pool.getPoolSize()).isEqualTo(3);
        assertThat(pool.getQueue()).hasSize(2);

        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> finished.get() == 5);
        assertThat(pool.getLargestPoolSize()).isEqualTo(3);
    }

    @Test
    void idleWorkersEndAfterTheKeepAlive() {
        pool = pool(4, Duration.ofMillis(100));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            pool.execute(blockingUntil(release, started, finished));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 4);
        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> finished.get() == 4 && pool.getPoolSize() == 0);
    }

    @Test
    void aStoppedPoolRejectsNewTasksAndStillFinishesTheQueuedOnes() throws InterruptedException {
        pool = pool(1, Duration.ofSeconds(30));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        pool.execute(blockingUntil(release, started, finished));
        pool.execute(blockingUntil(release, started, finished));
        await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 1);

        pool.shutdown();

        assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        release.countDown();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(finished.get()).isEqualTo(2);
    }
}
