package io.ilagent.delivery;

/**
 * Delivers one kind of {@link Work}, already read back by {@link WorkCodec#handler}; the same rules as
 * {@link DeliveryHandler} apply (one call at a time per lane; a throw counts as retry later).
 *
 * @param <W> the kind's work type
 */
@FunctionalInterface
public interface WorkHandler<W extends Work> {
    /** @param item the stored item {@code work} was read from, for its id, attempts and source in log lines */
    DeliveryResult deliver(W work, OutboxItem item);
}
