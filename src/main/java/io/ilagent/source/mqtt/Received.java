package io.ilagent.source.mqtt;

import java.util.Objects;

/**
 * One PUBLISH as the broker delivered it, independent of the protocol version.
 *
 * @param qos      the delivered QoS (the lower of subscription and publisher QoS)
 * @param retained whether the broker flagged it as a retained message
 * @param ack      sends the acknowledgement; called exactly once, by {@link MqttSource} only
 */
record Received(String topic, byte[] payload, int qos, boolean retained, Runnable ack) {
    Received {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(ack, "ack");
    }
}
