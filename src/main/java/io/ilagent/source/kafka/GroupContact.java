package io.ilagent.source.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Whether the consumer is in touch with its group's coordinator, read from the client's own metric
 * {@code last-heartbeat-seconds-ago}: a consumer that holds partitions sends a heartbeat every
 * {@code heartbeat.interval.ms}, and stops while it cannot reach the coordinator (the broker is away or
 * unreachable). No poll fails then (the client only returns nothing and reconnects by itself), so this is
 * how the agent knows. Silent for longer than {@code session.timeout.ms} means out of touch: by then the
 * group has given up on this member too.
 */
final class GroupContact {
    static final String METRIC = "last-heartbeat-seconds-ago";
    static final String GROUP = "consumer-coordinator-metrics";

    private final Duration allowedSilence;
    private Metric lastHeartbeat;

    GroupContact(Duration allowedSilence) {
        this.allowedSilence = allowedSilence;
    }

    /**
     * How long no heartbeat has gone out, when longer than allowed; empty while in touch, before the first
     * heartbeat, or when the client has no such metric (then only the assignment decides readiness).
     */
    Optional<Duration> silence(Consumer<?, ?> consumer) {
        if (lastHeartbeat == null) {
            lastHeartbeat = find(consumer.metrics());
            if (lastHeartbeat == null) {
                return Optional.empty();
            }
        }
        if (!(lastHeartbeat.metricValue() instanceof Double seconds) || seconds < 0) {
            return Optional.empty(); // -1: no heartbeat sent yet
        }
        Duration silent = Duration.ofSeconds(seconds.longValue());
        return silent.compareTo(allowedSilence) > 0 ? Optional.of(silent) : Optional.empty();
    }

    private static Metric find(Map<MetricName, ? extends Metric> metrics) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals(METRIC) && e.getKey().group().equals(GROUP))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
