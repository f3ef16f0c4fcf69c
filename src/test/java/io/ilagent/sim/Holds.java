package io.ilagent.sim;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Answers the simulator keeps back until a test releases them, so a test can see what goes on meanwhile. */
public final class Holds {
    private static final long LONGEST_HOLD_SECONDS = 60; // a forgotten release must not hang a test run

    /** Keeps back every answer to a request whose body contains {@code bodyContains} until {@link #release()}. */
    public static final class Hold {
        private final String bodyContains;
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicInteger arrived = new AtomicInteger();

        private Hold(String bodyContains) {
            this.bodyContains = bodyContains;
        }

        /** Requests that reached the simulator and are (or were) kept back. */
        public int arrived() {
            return arrived.get();
        }

        public void release() {
            released.countDown();
        }
    }

    private final List<Hold> holds = new CopyOnWriteArrayList<>();

    Hold add(String bodyContains) {
        Hold hold = new Hold(bodyContains);
        holds.add(hold);
        return hold;
    }

    void await(IncomingRequest request) {
        for (Hold hold : holds) {
            if (request.body().contains(hold.bodyContains)) {
                hold.arrived.incrementAndGet();
                try {
                    hold.released.await(LONGEST_HOLD_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    void clear() {
        holds.forEach(Hold::release);
        holds.clear();
    }
}
