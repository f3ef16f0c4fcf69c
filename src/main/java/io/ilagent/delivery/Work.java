package io.ilagent.delivery;

/**
 * One unit of work for the delivery engine, whichever source it came from and whichever store holds it.
 * {@link WorkCodec} is the one place that turns it into the text both stores keep and back.
 */
public sealed interface Work permits EventPayload, HeartbeatPayload, PolicyUpdatePayload, RawMessage {

    ItemKind kind();

    /** Items of one lane are delivered one after the other, in order. */
    String lane();

    /** Whether a newer item of the lane makes the older waiting ones pointless. */
    default boolean latestWins() {
        return kind().latestWins();
    }
}
