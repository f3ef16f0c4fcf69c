package io.ilagent.delivery;

import io.ilagent.ilert.RateLimitGate;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long to wait before a retry: exponential with full jitter (a uniformly random delay between 0
 * and 1 s, 2 s, 4 s, … capped at 60 s), so that many items failing together do not come back in a
 * burst. A server's Retry-After wins, but is capped at 5 minutes so that a wrong header cannot park
 * an item for hours.
 */
public final class Backoff {

    public static final Duration BASE = Duration.ofSeconds(1);
    public static final Duration CAP = Duration.ofSeconds(60);
    public static final Duration RETRY_AFTER_CAP = RateLimitGate.RETRY_AFTER_CAP;

    private final RandomGenerator random;

    public Backoff(RandomGenerator random) {
        this.random = random;
    }

    /** @param retryNumber 1 for the first retry */
    public Duration nextDelay(int retryNumber, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().isNegative() ? Duration.ZERO : retryAfter.get();
            return asked.compareTo(RETRY_AFTER_CAP) > 0 ? RETRY_AFTER_CAP : asked;
        }
        long ceiling = ceilingMillis(retryNumber);
        return Duration.ofMillis((long) (random.nextDouble() * ceiling));
    }

    static long ceilingMillis(int retryNumber) {
        int doublings = Math.max(0, Math.min(retryNumber - 1, 16)); // 2^16 s is far past the cap
        return Math.min(BASE.toMillis() << doublings, CAP.toMillis());
    }
}
