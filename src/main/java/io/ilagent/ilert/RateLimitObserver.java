package io.ilagent.ilert;

import java.time.Duration;

/** Told when a rate-limit bucket closes and how long calls wait on it, e.g. for metrics. Kinds only, never keys. */
public interface RateLimitObserver {
    RateLimitObserver NONE = new RateLimitObserver() {
        @Override
        public void closed(RateLimitBucket.Kind kind) {}

        @Override
        public void waited(RateLimitBucket.Kind kind, Duration wait) {}
    };

    /** A 429 closed a bucket of this kind (also when a probe found it still limited). */
    void closed(RateLimitBucket.Kind kind);

    /**
     * A call of this kind was not sent right away: held until its bucket reopens ({@code wait} is the time
     * it was told to wait), or blocked while the bucket's probe was under way ({@code wait} as measured).
     */
    void waited(RateLimitBucket.Kind kind, Duration wait);

    /**
     * A call of this kind was over its call budget: it waited {@code wait} in place, or ({@code held}) was
     * not sent and told to come back after {@code wait}.
     */
    default void paced(RateLimitBucket.Kind kind, Duration wait, boolean held) {}
}
