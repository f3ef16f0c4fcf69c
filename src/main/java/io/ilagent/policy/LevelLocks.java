package io.ilagent.policy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per escalation policy level, held while an update of that level is checked against the history and
 * applied: two updates of one level (Kafka partitions, a drift repair) then run one after the other, while
 * updates of different levels never wait for each other. A lock exists only while a thread holds or waits for
 * it, so the map stays as small as the number of levels being worked on. (Striped locks would make unrelated
 * levels wait: with 64 stripes and a shift change's hundreds of levels, a level often waited for another
 * policy's whole update, and the levels of one policy then reached their shared write one after the other.)
 */
final class LevelLocks {
    private final ConcurrentHashMap<String, ReentrantLock> held = new ConcurrentHashMap<>();

    /** A level's lock, held: release it with {@link Held#close()}. */
    final class Held implements AutoCloseable {
        private final String key;
        private final ReentrantLock lock;

        private Held(String key, ReentrantLock lock) {
            this.key = key;
            this.lock = lock;
        }

        @Override
        public void close() {
            if (lock.getHoldCount() == 1 && !lock.hasQueuedThreads()) {
                held.remove(key, lock); // a thread that took it from the map meanwhile finds it gone and retries
            }
            lock.unlock();
        }
    }

    /** @param level the level's lane ({@link io.ilagent.delivery.PolicyUpdatePayload#lane}), which names it */
    Held lock(String level) {
        while (true) {
            ReentrantLock lock = held.computeIfAbsent(level, k -> new ReentrantLock());
            lock.lock();
            if (held.get(level) == lock) {
                return new Held(level, lock);
            }
            lock.unlock(); // removed by its last holder before we got it: take the current one
        }
    }

    /** Levels whose lock is held or waited for right now. */
    int size() {
        return held.size();
    }
}
