package io.ilagent.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * Payload of a {@link ItemKind#RAW_MESSAGE} item: a consumer message stored before it was mapped, so
 * that it is mapped with the configuration in force when it is delivered (as ilagent 0.9.0 did). Mostly
 * MQTT messages; a Kafka record set aside before mapping is stored the same way, with its source and key,
 * so that a requeue maps it as the Kafka record it was.
 *
 * @param source {@code "kafka"} for a Kafka record; null (as in every row written before it existed) for MQTT
 * @param key    the Kafka record's key, if it had one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RawMessage(String topic, String payload, String source, String key) implements Work {
    public static final String KAFKA = "kafka";

    public RawMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }

    public RawMessage(String topic, String payload) {
        this(topic, payload, null, null);
    }

    public boolean fromKafka() {
        return KAFKA.equals(source);
    }

    @Override
    public ItemKind kind() {
        return ItemKind.RAW_MESSAGE;
    }

    /** Messages of one topic stay in the order the broker gave them. */
    @Override
    public String lane() {
        return (fromKafka() ? "kafka:" : "mqtt:") + topic;
    }
}
