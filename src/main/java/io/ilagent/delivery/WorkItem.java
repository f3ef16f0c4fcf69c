package io.ilagent.delivery;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a source hands to the {@link Outbox}.
 *
 * @param lane       ordering key: items of one lane are delivered one after the other, in order
 * @param latestWins whether a newer item of the lane makes older waiting ones pointless
 * @param payload    JSON text, read by the kind's handler
 * @param sourceRef  where the item came from ("mqtt topic x", "kafka t/p/offset", "http"), kept for dead letters
 * @param orderTime  in a latest-wins lane, the time that decides which item is newest (the source's own time);
 *                   empty: the order of arrival decides
 */
public record WorkItem(ItemKind kind, String lane, boolean latestWins, String payload, String sourceRef,
        Optional<Instant> orderTime) {
    public WorkItem(ItemKind kind, String lane, boolean latestWins, String payload, String sourceRef) {
        this(kind, lane, latestWins, payload, sourceRef, Optional.empty());
    }

    public WorkItem orderedBy(Optional<Instant> time) {
        return new WorkItem(kind, lane, latestWins, payload, sourceRef, time);
    }

    public WorkItem {
        orderTime = orderTime == null ? Optional.empty() : orderTime;
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(sourceRef, "sourceRef");
    }

    /** An item whose lane keeps every item, in order. */
    public static WorkItem ordered(ItemKind kind, String lane, String payload, String sourceRef) {
        return new WorkItem(kind, lane, false, payload, sourceRef);
    }

    /** An item whose lane only cares about the newest waiting item. */
    public static WorkItem latestWins(ItemKind kind, String lane, String payload, String sourceRef) {
        return new WorkItem(kind, lane, true, payload, sourceRef);
    }
}
