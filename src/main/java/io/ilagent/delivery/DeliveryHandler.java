package io.ilagent.delivery;

/**
 * Delivers items of one {@link ItemKind}. Called on a delivery worker thread, at most once at a time
 * per lane. A handler that throws is treated as {@link DeliveryResult.RetryLater}, so the item is kept.
 */
@FunctionalInterface
public interface DeliveryHandler {
    DeliveryResult deliver(OutboxItem item);
}
