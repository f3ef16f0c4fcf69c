package io.ilagent.delivery;

/**
 * Told when a waiting item of a latest-wins lane is dropped because a newer one arrived. Called
 * after the removal is committed, on the thread that caused it; keep it short.
 */
@FunctionalInterface
public interface SupersededListener {
    SupersededListener NONE = (item, newerId) -> {};

    void superseded(OutboxItem item, long newerId);
}
