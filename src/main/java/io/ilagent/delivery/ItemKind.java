package io.ilagent.delivery;

/** What a work item asks for: one per {@link Work} type, each with its own {@link DeliveryHandler}. */
public enum ItemKind {
    /** An ilert event; every event of a lane is delivered, in order. */
    EVENT(EventPayload.class, false),
    /** An escalation-policy level assignment; only the newest waiting one of a level matters. */
    POLICY_UPDATE(PolicyUpdatePayload.class, true),
    /** A heartbeat ping; one ping is as good as several waiting ones. */
    HEARTBEAT(HeartbeatPayload.class, true),
    /**
     * A consumer message kept before mapping (a requeued dead letter of an MQTT message or Kafka record, a row
     * taken over from ilagent 0.9.0's mqtt_queue), mapped in order. Named BUFFERED_MQTT before schema version 3.
     */
    RAW_MESSAGE(RawMessage.class, false);

    private final Class<? extends Work> type;
    private final boolean latestWins;

    ItemKind(Class<? extends Work> type, boolean latestWins) {
        this.type = type;
        this.latestWins = latestWins;
    }

    /** Whether a newer item of a lane of this kind makes the older waiting ones pointless. */
    public boolean latestWins() {
        return latestWins;
    }

    /** The work type an item of this kind carries. */
    public Class<? extends Work> type() {
        return type;
    }

    public static ItemKind of(Class<? extends Work> type) {
        for (ItemKind kind : values()) {
            if (kind.type == type) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no item kind for " + type.getName());
    }
}
