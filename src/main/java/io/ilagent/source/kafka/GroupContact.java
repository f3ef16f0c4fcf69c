package io.ilagent.source.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Whether the consumer is in touch with its group's coordinator. No poll fails while the broker is away
 * (the client only returns nothing and reconnects by itself), so the agent reads two of the client's own
 * metrics: {@code connection-count} (a broker that is down refuses every connection: none is open) and
 * {@code last-heartbeat-seconds-ago} (a broker that is unreachable or a consumer the group dropped sends no
 * heartbeat; while a connection attempt hangs the count alone says nothing). Without a connection, or
 * without a heartbeat, for longer than {@code session.timeout.ms} means out of touch: by then the group has
 * given up on this member too. Used on the consumer thread only.
 */
final class GroupContact {
    static final String HEARTBEAT = "last-heartbeat-seconds-ago";
    static final String HEARTBEAT_GROUP = "consumer-coordinator-metrics";
    static final String CONNECTIONS = "connection-count";
    static final String CONNECTIONS_GROUP = "consumer-metrics";

    private final Duration allowedSilence;
    private final Clock clock;
    private Metric lastHeartbeat;
    private Metric connections;
    private Instant lastConnected;
    private boolean connected = true;

    GroupContact(Duration allowedSilence, Clock clock) {
        this.allowedSilence = allowedSilence;
        this.clock = clock;
    }

    /**
     * How long the consumer has been without a connection or a heartbeat, when longer than allowed; empty while
     * in touch (or when the client has neither metric: then only the assignment decides readiness).
     */
    Optional<Duration> silence(Consumer<?, ?> consumer) {
        if (lastHeartbeat == null || connections == null) {
            Map<MetricName, ? extends Metric> metrics = consumer.metrics();
            lastHeartbeat = lastHeartbeat != null ? lastHeartbeat : find(metrics, HEARTBEAT, HEARTBEAT_GROUP);
            connections = connections != null ? connections : find(metrics, CONNECTIONS, CONNECTIONS_GROUP);
        }
        Instant now = clock.instant();
        connected = connections == null || value(connections) > 0;
        if (connected || lastConnected == null) {
            lastConnected = now;
        }
        Duration unconnected = Duration.between(lastConnected, now);
        double heartbeatSeconds = lastHeartbeat == null ? -1 : value(lastHeartbeat); // -1: none sent yet
        Duration unheard = heartbeatSeconds < 0 ? Duration.ZERO : Duration.ofSeconds((long) heartbeatSeconds);
        Duration silent = unconnected.compareTo(unheard) > 0 ? unconnected : unheard;
        return silent.compareTo(allowedSilence) > 0 ? Optional.of(silent) : Optional.empty();
    }

    /** Whether the consumer held a connection to a broker at the last {@link #silence} check. */
    boolean connected() {
        return connected;
    }

    private static double value(Metric metric) {
        return metric.metricValue() instanceof Number n ? n.doubleValue() : -1;
    }

    private static Metric find(Map<MetricName, ? extends Metric> metrics, String name, String group) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals(group))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
