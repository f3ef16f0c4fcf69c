package io.ilagent.source;

import io.ilagent.delivery.Settlement;

/**
 * Takes the messages a source received. The source acknowledges a message once its {@link Settlement} hears
 * it is settled, and only then: stored in the outbox, delivered, set aside as a dead letter, superseded or
 * skipped. That may happen before {@link #accept} returns or later, on another thread. MQTT calls it from
 * one thread, in the order received; Kafka from its consumer thread, in offset order per partition. Both
 * may run at once, so implementations must be thread-safe.
 */
public interface MessageIntake {

    /**
     * {@link Intake.Done}: taken, and {@code settlement} runs once it is settled. {@link Intake.RetryLater}:
     * not taken (e.g. the database refused a write); the source offers it again after a backoff. Must not
     * throw for bad input; a thrown exception is treated as {@link Intake.RetryLater}.
     */
    Intake accept(Message message, Settlement settlement);

    /**
     * Sets a message aside as a dead letter without looking inside it, e.g. because it is too large
     * or its retries are used up. Throws when that could not be stored; the source then keeps the
     * message unacknowledged.
     *
     * @param stage where it failed, recorded with the dead letter ("receive", "deliver"...)
     */
    void setAside(Message message, String reason, String stage);

    /** The source is stopping: let go, unsettled, of what is taken but not yet being delivered. */
    default void stopTaking() {}
}
