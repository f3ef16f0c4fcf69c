package io.ilagent.source.mqtt;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before reconnecting: 100 ms doubling per failed attempt, capped at 30 s, of which
 * the second half is random so that many agents cut off together do not return in one burst.
 */
final class ReconnectDelay {
    static final Duration BASE = Duration.ofMillis(100);
    static final Duration CAP = Duration.ofSeconds(30);

    private final RandomGenerator random;

    ReconnectDelay(RandomGenerator random) {
        this.random = random;
    }

    /** @param attempts failed reconnect attempts since the last successful connect */
    Duration next(int attempts) {
        long ceiling = ceilingMillis(attempts);
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (ceiling - half)));
    }

    static long ceilingMillis(int attempts) {
        int doublings = Math.max(0, Math.min(attempts, 20)); // 2^20 × 100 ms is far past the cap
        return Math.min(BASE.toMillis() << doublings, CAP.toMillis());
    }

    /**
     * Whether the {@code failure}th failed connect in a row deserves a WARN: the 1st, 2nd, 4th, 8th …,
     * and every 16th once the delay is capped (about every 8 minutes), so a broker that stays away
     * is neither silent nor repeated at every attempt.
     */
    static boolean worthAWarning(int failure) {
        return Integer.bitCount(failure) == 1 || failure % 16 == 0;
    }
}
