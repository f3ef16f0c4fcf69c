package io.ilagent.source.kafka;

import io.ilagent.source.Health;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Health component "kafka": ready once the consumer has joined its group (the group gave it its share of the
 * partitions, which may be none) and while its last poll did not fail. A member holding no partition is a
 * standby that takes partitions over when another member goes; it is ready, so a supervisor neither takes it
 * out of service nor holds a rolling update on it (docs/high-availability.md). /ready says what is missing.
 */
final class KafkaReadiness {
    static final String COMPONENT = "kafka";

    private final Health health;
    private final String groupId;
    private boolean joined;
    private int assigned;
    private Optional<String> error = Optional.empty();

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

    synchronized void stopped() {
        health.notReady(COMPONENT, "stopped");
    }

    private void update() {
        if (joined && error.isEmpty()) {
            health.ready(COMPONENT);
            return;
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("group_id", groupId);
        facts.put("assigned_partitions", assigned);
        error.ifPresent(e -> facts.put("error", e));
        String detail = error.map(e -> "Kafka error: " + e).orElse("joining consumer group " + groupId);
        health.notReady(COMPONENT, detail, facts);
    }
}
