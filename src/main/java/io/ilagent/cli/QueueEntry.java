package io.ilagent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ilagent.delivery.DeadLetter;
import io.ilagent.delivery.OutboxItem;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One stored item as the queue commands print it: a waiting item or a dead letter, with its
 * integration keys masked unless the operator asked to see them.
 */
record QueueEntry(long id, String status, String kind, String key, int attempts, String payload, String source,
                  Optional<String> lastError, Instant createdAt, Optional<Instant> nextAttemptAt,
                  Optional<Instant> deadAt, Optional<String> stage, Optional<String> reason) {

    static final String WAITING = "waiting";
    static final String DEAD = "dead";
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    static QueueEntry of(OutboxItem i, boolean showKeys) {
        KeyMask mask = showKeys ? KeyMask.NONE : KeyMask.of(i.lane(), i.payload());
        return new QueueEntry(i.id(), WAITING, i.kind().name(), mask.apply(i.lane()), i.attempts(),
                mask.apply(i.payload()), mask.apply(i.sourceRef()), i.lastError().map(mask::apply), i.createdAt(),
                Optional.of(i.nextAttemptAt()), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static QueueEntry of(DeadLetter d, boolean showKeys) {
        KeyMask mask = showKeys ? KeyMask.NONE : KeyMask.of(d.lane(), d.payload());
        return new QueueEntry(d.id(), DEAD, d.kind().name(), mask.apply(d.lane()), d.attempts(),
                mask.apply(d.payload()), mask.apply(d.sourceRef()), d.lastError().map(mask::apply), d.createdAt(),
                Optional.empty(), Optional.of(d.deadAt()), Optional.of(d.stage()), Optional.of(mask.apply(d.reason())));
    }

    /** Field name and value, in the order {@code queue show} prints them; absent ones left out. */
    Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("id", String.valueOf(id));
        f.put("status", status.equals(DEAD) ? "dead letter" : "waiting for delivery");
        f.put("kind", kind);
        f.put("key", key);
        f.put("attempts", String.valueOf(attempts));
        f.put("created", TIME.format(createdAt));
        nextAttemptAt.ifPresent(t -> f.put("next attempt", TIME.format(t)));
        deadAt.ifPresent(t -> f.put("dead since", TIME.format(t)));
        stage.ifPresent(s -> f.put("stage", s));
        reason.ifPresent(r -> f.put("reason", r));
        f.put("last error", lastError.orElse("-"));
        f.put("source", source);
        return f;
    }

    /** One JSON object, for {@code queue list --json}; times in ISO-8601 UTC. */
    String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id).put("status", status).put("kind", kind).put("key", key).put("attempts", attempts);
        o.put("createdAt", createdAt.toString());
        nextAttemptAt.ifPresent(t -> o.put("nextAttemptAt", t.toString()));
        deadAt.ifPresent(t -> o.put("deadAt", t.toString()));
        stage.ifPresent(s -> o.put("stage", s));
        reason.ifPresent(r -> o.put("reason", r));
        o.put("lastError", lastError.orElse(null));
        o.put("source", source);
        o.put("payload", payload);
        return o.toString();
    }
}
