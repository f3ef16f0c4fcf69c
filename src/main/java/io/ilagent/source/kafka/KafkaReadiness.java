package io.ilagent.source.kafka;

import io.ilagent.source.Health;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Health component "kafka": ready while the consumer is in its group and holds at least one partition,
 * and its last poll did not fail. /ready says which of these is missing.
 */
final class KafkaReadiness {
    static final String COMPONENT = "kafka";

    private final Health health;
    private final String groupId;
    private int assigned;
    private Optional<String> error = Optional.empty();

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

    synchronized void stopped() {
        health.notReady(COMPONENT, "stopped");
    }

    private void update() {
        if (assigned > 0 && error.isEmpty()) {
            health.ready(COMPONENT);
            return;
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("group_id", groupId);
        facts.put("assigned_partitions", assigned);
        error.ifPresent(e -> facts.put("error", e));
        String detail = error.map(e -> "Kafka error: " + e)
                .orElse("waiting for a partition assignment in consumer group " + groupId);
        health.notReady(COMPONENT, detail, facts);
    }
}
