package io.ilagent.delivery;

import java.time.Instant;
import java.util.Optional;

/** A work item as stored, with its retry state. */
public record OutboxItem(
        long id,
        ItemKind kind,
        String lane,
        boolean latestWins,
        String payload,
        String sourceRef,
        int attempts,
        Instant nextAttemptAt,
        Optional<String> lastError,
        Instant createdAt) {}
