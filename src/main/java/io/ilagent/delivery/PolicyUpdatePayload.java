package io.ilagent.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Payload of an {@link ItemKind#POLICY_UPDATE} item: put {@code email} on {@code level} of the policy
 * ilert resolves for {@code routingKey}.
 *
 * @param messageId  the source message's id, so a dead letter or audit entry leads back to it
 * @param receivedAt when the source received the message (ISO-8601)
 * @param sourceTime the message's own time (ISO-8601) with {@code --map_key_timestamp}, else null; when given it
 *                   orders updates of one level instead of {@code receivedAt}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyUpdatePayload(String routingKey, String email, int level, String messageId, String receivedAt,
        String sourceTime) implements Work {
    public PolicyUpdatePayload(String routingKey, String email, int level, String messageId, String receivedAt) {
        this(routingKey, email, level, messageId, receivedAt, null);
    }

    /** The time that orders updates of one level: the source's time when known, else the receive time; unreadable counts as oldest. */
    public Instant orderTime() {
        return parse(sourceTime != null ? sourceTime : receivedAt).orElse(Instant.EPOCH);
    }

    /** {@link #receivedAt}, unless it is unreadable. */
    public Optional<Instant> receivedTime() {
        return parse(receivedAt);
    }

    private static Optional<Instant> parse(String time) {
        try {
            return Optional.of(Instant.parse(time));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public PolicyUpdatePayload {
        Objects.requireNonNull(routingKey, "routingKey");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    @Override
    public ItemKind kind() {
        return ItemKind.POLICY_UPDATE;
    }

    /** One lane per level, latest-wins: an older update must never overwrite a newer one. */
    @Override
    public String lane() {
        return laneOf(routingKey, level);
    }

    public static String laneOf(String routingKey, int level) {
        return "policy:" + routingKey + "#" + level;
    }
}
