package io.ilagent.delivery;

/** What a work item asks for; each kind has its own {@link DeliveryHandler}. */
public enum ItemKind {
    /** An ilert event; payload is an {@link EventPayload}. */
    EVENT,
    /** An escalation-policy level assignment. */
    POLICY_UPDATE,
    /** A heartbeat ping. */
    HEARTBEAT,
    /**
     * A consumer message kept before mapping (a requeued dead letter of an MQTT message or Kafka record, a row
     * taken over from ilagent 0.9.0's mqtt_queue); payload is a {@link RawMessage}. Named BUFFERED_MQTT before
     * schema version 3.
     */
    RAW_MESSAGE
}
