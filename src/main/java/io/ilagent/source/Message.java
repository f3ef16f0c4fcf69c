package io.ilagent.source;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One message as a source received it, before any mapping. Immutable: the payload is copied in and
 * out, so a source may reuse its buffers.
 *
 * @param id unique within the agent, e.g. {@code mqtt:<topic>:<packetId or uuid>}
 * @param key the Kafka message key; empty for MQTT and HTTP
 */
public record Message(String id, Source source, String topic, Optional<String> key, byte[] payload,
        Instant receivedAt) {

    /** Where a message came from; decides the ilert endpoint and the default customDetails. */
    public enum Source { MQTT, KAFKA, HTTP }

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(receivedAt, "receivedAt");
        payload = Objects.requireNonNull(payload, "payload").clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Message m
                && id.equals(m.id) && source == m.source && topic.equals(m.topic) && key.equals(m.key)
                && Arrays.equals(payload, m.payload) && receivedAt.equals(m.receivedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, source, topic, key, Arrays.hashCode(payload), receivedAt);
    }

    // The payload may hold personal data (emails), so it stays out of log lines built from toString.
    @Override
    public String toString() {
        return "Message[id=" + id + ", source=" + source + ", topic=" + topic + ", key=" + key
                + ", payload=" + payload.length + " bytes, receivedAt=" + receivedAt + "]";
    }
}
