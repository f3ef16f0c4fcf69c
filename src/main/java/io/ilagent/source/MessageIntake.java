package io.ilagent.source;

/**
 * Decides what happens to a message a source received. The source acknowledges the message after
 * {@link Intake.Done} and only then, so an implementation returns Done only once the message is
 * durable, delivered, or set aside. MQTT calls it from one thread, in the order received; Kafka from up to
 * --max_in_flight workers at once, one per partition, each in its partition's order, so implementations
 * must be thread-safe.
 */
public interface MessageIntake {

    /** Must not throw for bad input; a thrown exception is treated as {@link Intake.RetryLater}. */
    Intake accept(Message message);

    /**
     * Sets a message aside as a dead letter without looking inside it, e.g. because it is too large
     * or its retries are used up. Throws when that could not be stored; the source then keeps the
     * message unacknowledged.
     *
     * @param stage where it failed, recorded with the dead letter ("receive", "deliver"...)
     */
    void setAside(Message message, String reason, String stage);
}
