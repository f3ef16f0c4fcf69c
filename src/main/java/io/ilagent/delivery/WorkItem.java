package io.ilagent.delivery;

import java.util.Objects;

/**
 * What a source hands to the {@link Outbox}.
 *
 * @param lane       ordering key: items of one lane are delivered one after the other, in order
 * @param latestWins whether a newer item of the lane makes older waiting ones pointless
 * @param payload    JSON text, read by the kind's handler
 * @param sourceRef  where the item came from ("mqtt topic x", "kafka t/p/offset", "http"), kept for dead letters
 */
public record WorkItem(ItemKind kind, String lane, boolean latestWins, String payload, String sourceRef) {
    public WorkItem {
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
