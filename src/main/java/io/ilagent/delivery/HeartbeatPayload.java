package io.ilagent.delivery;

import java.util.Objects;

/** Payload of an {@link ItemKind#HEARTBEAT} item: the heartbeat key to ping. */
public record HeartbeatPayload(String integrationKey) implements Work {

    public HeartbeatPayload {
        Objects.requireNonNull(integrationKey, "integrationKey");
        if (integrationKey.isEmpty()) {
            throw new IllegalArgumentException("integrationKey must not be empty");
        }
    }

    @Override
    public ItemKind kind() {
        return ItemKind.HEARTBEAT;
    }

    /** One lane per key. */
    @Override
    public String lane() {
        return "heartbeat:" + integrationKey;
    }
}
