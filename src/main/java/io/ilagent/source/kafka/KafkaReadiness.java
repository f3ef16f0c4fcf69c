package io.ilagent.source.kafka;

import io.ilagent.source.Health;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health component "kafka": ready once the consumer has joined its group (the group gave it its share of the
 * partitions, which may be none), while it is in touch with the group's coordinator and its last poll did not
 * fail. A member holding no partition is a standby that takes partitions over when another member goes; it is
 * ready, so a supervisor neither takes it out of service nor holds a rolling update on it
 * (docs/high-availability.md). /ready says what is missing. Losing and regaining the broker is logged once
 * each way.
 */
final class KafkaReadiness {
    static final String COMPONENT = "kafka";
    private static final Logger log = LoggerFactory.getLogger(KafkaReadiness.class);

    private final Health health;
    private final String groupId;
    private int assigned;
    private boolean joined;
    private Optional<String> error = Optional.empty();
    private Optional<Duration> silence = Optional.empty();

    KafkaReadiness(Health health, String groupId) {
        this.health = health;
        this.groupId = groupId;
        health.register(COMPONENT);
        update();
    }

    /** After every rebalance, with the partitions now held (0 for a standby). */
    synchronized void assigned(int partitions) {
        joined = true;
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
        if (joined && error.isEmpty() && silence.isEmpty()) {
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
                .orElse("joining consumer group " + groupId);
        health.notReady(COMPONENT, detail, facts);
    }
}
