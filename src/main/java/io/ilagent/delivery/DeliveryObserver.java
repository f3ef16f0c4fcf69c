package io.ilagent.delivery;

import java.time.Duration;

/** Told about every delivery attempt and how it ended, e.g. to count deliveries and time them for metrics. */
@FunctionalInterface
public interface DeliveryObserver {
    DeliveryObserver NONE = (kind, outcome, sinceReceipt) -> {};

    /** How one attempt ended. {@code EXHAUSTED}: a retryable failure with no retries left (dead letter). */
    enum AttemptEnd { DELIVERED, RETRY, REJECTED, EXHAUSTED }

    /** @param sinceReceipt from the moment the agent received the item's message to ilert's answer */
    void attempted(ItemKind kind, AttemptEnd outcome, Duration sinceReceipt);
}
