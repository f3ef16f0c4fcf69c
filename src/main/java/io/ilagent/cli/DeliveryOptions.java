package io.ilagent.cli;

import io.ilagent.config.DeliverySettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How hard and how widely the daemon delivers. */
public final class DeliveryOptions {
    @Option(names = "--max_retries", paramLabel = "N", defaultValue = "100",
            description = "Retries per item before it becomes a dead letter; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    int maxRetries;

    @Option(names = "--max_in_flight", paramLabel = "N", defaultValue = "" + DeliverySettings.DEFAULT_MAX_IN_FLIGHT,
            description = "Deliveries under way at once across keys; 1 = one at a time (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--shutdown_timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long a stop, or a Kafka rebalance taking partitions away, may wait for deliveries under way "
                    + "(default: ${DEFAULT-VALUE}).")
    int shutdownTimeoutSeconds;

    DeliverySettings settings() {
        return new DeliverySettings(maxRetries, maxInFlight, Duration.ofSeconds(shutdownTimeoutSeconds));
    }
}
