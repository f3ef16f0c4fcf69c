package io.ilagent.delivery;

import java.util.Objects;

/** Payload of an {@link ItemKind#HEARTBEAT} item: the heartbeat key to ping. */
public record HeartbeatPayload(String integrationKey) {

    public HeartbeatPayload {
        Objects.requireNonNull(integrationKey, "integrationKey");
        if (integrationKey.isEmpty()) {
            throw new IllegalArgumentException("integrationKey must not be empty");
        }
    }

    /** One lane per key; one ping is as good as several waiting ones, so enqueue it latest-wins. */
    public String lane() {
        return "heartbeat:" + integrationKey;
    }
}
