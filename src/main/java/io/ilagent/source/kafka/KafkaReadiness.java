package io.ilagent.source.kafka;

import io.ilagent.source.Health;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health component "kafka": ready while the consumer is in its group and holds at least one partition,
 * is in touch with the group's coordinator, and its last poll did not fail. /ready says which of these is
 * missing. Losing and regaining the broker is logged once each way.
 */
final class KafkaReadiness {
    static final String COMPONENT = "kafka";
    private static final Logger log = LoggerFactory.getLogger(KafkaReadiness.class);

    private final Health health;
    private final String groupId;
    private int assigned;
    private Optional<String> error = Optional.empty();
    private Optional<Duration> silence = Optional.empty();

    KafkaReadiness(Health health, String groupId) {
        this.health = health;
        this.groupId = groupId;
        health.register(COMPONENT);
        update();
    }

    synchronized void assigned(int partitions) {
        assigned = partitions;
        update();
    }

    synchronized void polled() {
        if (error.isPresent()) {
            error = Optional.empty();
            update();
        }
    }

    synchronized void failed(String reason) {
        error = Optional.of(reason);
        update();
    }

    /** {@code silent}: how long no heartbeat reached the coordinator, when too long; empty while in touch. */
    synchronized void contact(Optional<Duration> silent) {
        if (silent.isPresent() == silence.isPresent()) {
            silence = silent;
            return; // no change of state; the detail's figure is refreshed on the next change
        }
        if (silent.isPresent()) {
            log.warn("Kafka group coordinator out of reach: no broker connection or no heartbeat to consumer group {} "
                    + "for {} s (the broker is away or unreachable, or the group dropped this consumer); not ready until "
                    + "it answers again", groupId, silent.get().toSeconds());
        } else {
            log.warn("Kafka group coordinator reachable again: heartbeats to consumer group {} resumed", groupId);
        }
        silence = silent;
        update();
    }

    synchronized void stopped() {
        health.notReady(COMPONENT, "stopped");
    }

    private void update() {
        if (assigned > 0 && error.isEmpty() && silence.isEmpty()) {
            health.ready(COMPONENT);
            return;
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("group_id", groupId);
        facts.put("assigned_partitions", assigned);
        facts.put("coordinator_reachable", silence.isEmpty());
        error.ifPresent(e -> facts.put("error", e));
        String detail = error.map(e -> "Kafka error: " + e)
                .or(() -> silence.map(s -> "Kafka group coordinator out of reach: no broker connection or no heartbeat "
                        + "to consumer group " + groupId + " for " + s.toSeconds() + " s; reconnecting"))
                .orElse("waiting for a partition assignment in consumer group " + groupId);
        health.notReady(COMPONENT, detail, facts);
    }
}
