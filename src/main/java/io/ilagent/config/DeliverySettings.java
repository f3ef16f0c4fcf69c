package io.ilagent.config;

import java.time.Duration;

/** How the delivery core works: retry limit, concurrency across lanes, and how long a stop may take. */
public record DeliverySettings(int maxRetries, int maxInFlight, Duration shutdownTimeout) {
    public static final int DEFAULT_MAX_RETRIES = 100;
    public static final int DEFAULT_MAX_IN_FLIGHT = 16;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    public static DeliverySettings defaults() {
        return new DeliverySettings(DEFAULT_MAX_RETRIES, DEFAULT_MAX_IN_FLIGHT, DEFAULT_SHUTDOWN_TIMEOUT);
    }
}
