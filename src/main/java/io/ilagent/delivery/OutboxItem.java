package io.ilagent.delivery;

import java.time.Instant;
import java.util.Optional;

/**
 * A work item as stored, with its retry state.
 *
 * @param orderTime see {@link WorkItem#orderTime()}
 */
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
        Instant createdAt,
        Optional<Instant> orderTime) {

    public OutboxItem(long id, ItemKind kind, String lane, boolean latestWins, String payload, String sourceRef,
            int attempts, Instant nextAttemptAt, Optional<String> lastError, Instant createdAt) {
        this(id, kind, lane, latestWins, payload, sourceRef, attempts, nextAttemptAt, lastError, createdAt,
                Optional.empty());
    }

    public OutboxItem {
        orderTime = orderTime == null ? Optional.empty() : orderTime;
    }

    /** The item as a source would hand it over again, e.g. to store it elsewhere. */
    public WorkItem work() {
        return new WorkItem(kind, lane, latestWins, payload, sourceRef, orderTime);
    }
}
