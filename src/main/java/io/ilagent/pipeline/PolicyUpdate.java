package io.ilagent.pipeline;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Put the user with this email on escalation level {@code level} of the policy that ilert resolves
 * for {@code routingKey}.
 *
 * @param sourceTime the message's own time ({@code --map_key_timestamp}); orders updates of one level when given
 */
public record PolicyUpdate(String routingKey, String email, int level, Optional<Instant> sourceTime) {
    public PolicyUpdate(String routingKey, String email, int level) {
        this(routingKey, email, level, Optional.empty());
    }

    public PolicyUpdate {
        Objects.requireNonNull(routingKey, "routingKey");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(sourceTime, "sourceTime");
        if (routingKey.isEmpty() || email.isEmpty()) {
            throw new IllegalArgumentException("routingKey and email must not be empty");
        }
        if (level < 0) {
            throw new IllegalArgumentException("level must be >= 0, was " + level);
        }
    }
}
