package io.ilagent.delivery;

import java.time.Instant;
import java.util.Optional;

/**
 * An item that will not be retried by itself: rejected, or out of retries. Its id is the id it had
 * in the outbox, so log lines about the item lead here.
 */
public record DeadLetter(
        long id,
        ItemKind kind,
        String lane,
        boolean latestWins,
        String payload,
        String sourceRef,
        int attempts,
        String reason,
        String stage,
        Optional<String> lastError,
        Instant createdAt,
        Instant deadAt) {}
