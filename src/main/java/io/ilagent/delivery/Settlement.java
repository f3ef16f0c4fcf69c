package io.ilagent.delivery;

/**
 * How the engine tells a source that one of its items no longer needs the source: delivered, set aside as a
 * dead letter, superseded by a newer item of its lane, or (where the source allows it) made durable in the
 * outbox. The source then acknowledges (MQTT) or commits (Kafka). Called once, on whichever thread settled it.
 */
public interface Settlement {

    void settled();

    /** The item became a dead letter with {@code reason}; a source may pass it on (Kafka's DLQ topic). Settles it. */
    default void deadLettered(String reason) {
        settled();
    }

    /** The engine let go of the item without settling it (the source is stopping): leave it unacknowledged. */
    default void dropped() {}

    /**
     * Whether a failed attempt may move the item to the outbox and so settle it. MQTT: yes, the broker's
     * window must not fill up behind one failing key. Kafka: no, its offsets are committed only after
     * success, so the item stays in memory with its retry state.
     */
    default boolean outboxSettles() {
        return true;
    }

    /**
     * Whether the source still waits for this item. False once it let go of it (its Kafka partition was
     * revoked or the source is stopping): an item kept in memory is then dropped instead of retried.
     */
    default boolean wanted() {
        return true;
    }

    static Settlement of(Runnable settled) {
        return settled::run;
    }
}
