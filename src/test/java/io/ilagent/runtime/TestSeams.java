package io.ilagent.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.Random;

/** {@link WiringSeams} for tests that should not wait for production's backoffs and polls. */
public final class TestSeams {
    /** Every jitter is 1 % of its range: a retry comes after 1 % of the backoff ceiling. */
    private static final Random SMALL_JITTER = new Random() {
        @Override
        public double nextDouble() {
            return 0.01;
        }
    };

    private TestSeams() {}

    /** The system clock, 1 % jitter, the engine looking for due items every 100 ms; the other waits as in production. */
    public static WiringSeams quick() {
        WiringSeams.Timings production = WiringSeams.Timings.PRODUCTION;
        return WiringSeams.production(Clock.systemUTC()).random(SMALL_JITTER).timings(
                new WiringSeams.Timings(Duration.ofMillis(100), production.tlsCheck(), production.metricsCache()));
    }
}
