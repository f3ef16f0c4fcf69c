package io.ilagent.delivery;

/** What a work item asks for; each kind has its own {@link DeliveryHandler}. */
public enum ItemKind {
    /** An ilert event; payload is an {@link EventPayload}. */
    EVENT,
    /** An escalation-policy level assignment. */
    POLICY_UPDATE,
    /** A heartbeat ping. */
    HEARTBEAT,
    /** A raw MQTT message buffered before mapping; payload is a {@link BufferedMqttMessage}. */
    BUFFERED_MQTT
}
