package io.ilagent.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the {@link DeliveryEngine} finds work and records what became of it: the durable {@link Outbox}, or
 * the {@link MemoryLanes} of messages that their source keeps until they are settled. Both share one set of
 * lane claims, so a lane is delivered one item at a time whichever store holds it.
 */
interface ItemStore {

    /** Claims up to {@code max} due lane heads of the given kinds whose lanes are not being delivered. */
    List<OutboxItem> claimDue(Set<ItemKind> kinds, int max);

    /** The earliest time after {@code now} at which a lane head becomes due. */
    Optional<Instant> nextDueAfter(Instant now);

    /** @param note what ilert answered, e.g. "HTTP 202", kept in the delivery trace */
    void delivered(OutboxItem item, String note);

    /** A failed or held attempt: the item is tried again at {@code next}. */
    void retryAt(OutboxItem item, int attempts, Instant next, String error);

    /** The item will never be delivered: it goes to the dead letters with its reason. */
    void bury(OutboxItem item, int attempts, String reason, String stage, String lastError);

    /** Gives the lane back without touching the item (delivery abandoned). */
    void release(OutboxItem item);

    /** The attempt's result could not be stored: the item stays as it was and is not tried again before {@code until}. */
    void postpone(OutboxItem item, Instant until);
}
