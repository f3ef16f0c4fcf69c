package io.ilagent.delivery;

import java.util.Objects;

/**
 * Payload of an {@link ItemKind#POLICY_UPDATE} item: put {@code email} on {@code level} of the policy
 * ilert resolves for {@code routingKey}.
 *
 * @param messageId  the source message's id, so a dead letter or audit entry leads back to it
 * @param receivedAt when the source received the message (ISO-8601), which orders updates of one level
 */
public record PolicyUpdatePayload(String routingKey, String email, int level, String messageId, String receivedAt) {
    public PolicyUpdatePayload {
        Objects.requireNonNull(routingKey, "routingKey");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** Only the newest waiting update of one level matters: an older one must never overwrite it. */
    public String lane() {
        return laneOf(routingKey, level);
    }

    public static String laneOf(String routingKey, int level) {
        return "policy:" + routingKey + "#" + level;
    }
}
