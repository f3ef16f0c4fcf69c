package io.ilagent.config;

import java.time.Duration;

/** How the delivery core works: retry limit, concurrency across lanes, and how long a stop may take. */
public record DeliverySettings(int maxRetries, int maxInFlight, Duration shutdownTimeout) {
    public static final int DEFAULT_MAX_RETRIES = 100;
    /**
     * Deliveries under way at once. 64 round trips of 0.1 s are 600 a second, so an ilert 100 ms away costs no more
     * than half of what the agent delivers with no latency at all (docs/benchmarks.md section 1, session 4); 16 capped
     * it at about 150 a second.
     */
    public static final int DEFAULT_MAX_IN_FLIGHT = 64;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    public static DeliverySettings defaults() {
        return new DeliverySettings(DEFAULT_MAX_RETRIES, DEFAULT_MAX_IN_FLIGHT, DEFAULT_SHUTDOWN_TIMEOUT);
    }
}
