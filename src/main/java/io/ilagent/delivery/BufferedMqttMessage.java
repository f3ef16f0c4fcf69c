package io.ilagent.delivery;

import java.util.Objects;

/**
 * Payload of a {@link ItemKind#BUFFERED_MQTT} item: an MQTT message stored before it was mapped, so
 * that it is mapped with the configuration in force when it is delivered (as ilagent 0.9.0 did).
 */
public record BufferedMqttMessage(String topic, String payload) {
    public BufferedMqttMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }

    /** Messages of one topic stay in the order the broker gave them. */
    public String lane() {
        return "mqtt:" + topic;
    }
}
