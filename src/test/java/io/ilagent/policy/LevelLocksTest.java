package io.ilagent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.delivery.PolicyUpdatePayload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LevelLocksTest {
    private final LevelLocks locks = new LevelLocks();

    private static String lane(String routingKey, int level) {
        return PolicyUpdatePayload.laneOf(routingKey, level);
    }

    @Test
    void anUpdateOfALevelWaitsWhileAnotherHoldsThatLevel() throws Exception {
        LevelLocks.Held first = locks.lock(lane("plant", 1));
        AtomicInteger taken = new AtomicInteger();
        Thread second = Thread.ofPlatform().start(() -> {
            try (LevelLocks.Held held = locks.lock(lane("plant", 1))) {
                taken.incrementAndGet();
            }
        });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> second.getState() == Thread.State.WAITING);
            assertThat(taken).hasValue(0);
        } finally {
            first.close();
        }
        second.join();
        assertThat(taken).hasValue(1);
        assertThat(locks.size()).isZero();
    }

    @Test
    void levelsNeverWaitForOtherLevelsHeldElsewhere() throws Exception {
        // Another thread holds 500 levels of one policy (as 64 workers at a shift change would, between them);
        // every level of another policy is still taken at once.
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            List<LevelLocks.Held> held = new ArrayList<>();
            for (int level = 0; level < 500; level++) {
                held.add(locks.lock(lane("plant", level)));
            }
            holding.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            held.forEach(LevelLocks.Held::close);
        });
        holding.await();
        try {
            CompletableFuture<Void> others = CompletableFuture.runAsync(() -> {
                for (int level = 0; level < 500; level++) {
                    locks.lock(lane("mine", level)).close();
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(others::isDone);
            assertThat(others).isCompleted();
        } finally {
            done.countDown();
            holder.join();
        }
    }

    @Test
    void oneThreadAtATimeHoldsALevelAndNoLockOutlivesItsUse() throws Exception {
        AtomicInteger[] inside = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        AtomicInteger overlaps = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 3_000; i++) {
                    int level = i % 3;
                    try (LevelLocks.Held held = locks.lock(lane("plant", level))) {
                        if (inside[level].incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        Thread.onSpinWait();
                        inside[level].decrementAndGet();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(overlaps).hasValue(0);
        assertThat(locks.size()).isZero();
    }
}
