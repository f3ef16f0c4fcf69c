package io.ilagent.delivery;

/**
 * How the engine tells a source that one of its items no longer needs the source: delivered, set aside as a
 * dead letter, superseded by a newer item of its lane, or made durable in the outbox. The source then
 * acknowledges (MQTT) or commits (Kafka). Called once, on whichever thread settled it.
 */
public interface Settlement {

    void settled();

    /** The engine let go of the item without settling it (the source is stopping): leave it unacknowledged. */
    default void dropped() {}

    static Settlement of(Runnable settled) {
        return settled::run;
    }
}
