package io.ilagent.delivery;

import java.time.Duration;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The delivery workers: at most {@code max} threads, a new one started only when no worker is idle, and an
 * idle one ended after {@code keepAlive}. An idle agent so holds no worker threads (their stacks and malloc
 * caches), a burst gets as many as it keeps busy, and a trickle of items reuses one worker. A plain fixed
 * pool would start a thread per task until it holds {@code max}, and keep them all for ever.
 */
final class WorkerPool {
    private WorkerPool() {}

    static ThreadPoolExecutor create(int max, Duration keepAlive, ThreadFactory threads) {
        HandOff queue = new HandOff();
        return new ThreadPoolExecutor(0, max, keepAlive.toNanos(), TimeUnit.NANOSECONDS, queue, threads,
                (task, pool) -> {
                    if (pool.isShutdown()) {
                        throw new RejectedExecutionException("delivery is stopping");
                    }
                    queue.enqueue(task); // all workers busy: the first to finish takes it
                });
    }

    /**
     * Accepts a task from the pool only when a worker is waiting for one, so the pool starts a new worker
     * instead (up to its maximum) rather than queueing work while workers could still be added.
     */
    private static final class HandOff extends LinkedTransferQueue<Runnable> {
        @Override
        public boolean offer(Runnable task) {
            return tryTransfer(task);
        }

        void enqueue(Runnable task) {
            super.offer(task);
        }
    }
}
