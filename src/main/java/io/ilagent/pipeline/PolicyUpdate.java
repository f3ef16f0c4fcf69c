package io.ilagent.pipeline;

import java.util.Objects;

/**
 * Put the user with this email on escalation level {@code level} of the policy that ilert resolves
 * for {@code routingKey}.
 */
public record PolicyUpdate(String routingKey, String email, int level) {
    public PolicyUpdate {
        Objects.requireNonNull(routingKey, "routingKey");
        Objects.requireNonNull(email, "email");
        if (routingKey.isEmpty() || email.isEmpty()) {
            throw new IllegalArgumentException("routingKey and email must not be empty");
        }
        if (level < 0) {
            throw new IllegalArgumentException("level must be >= 0, was " + level);
        }
    }
}
