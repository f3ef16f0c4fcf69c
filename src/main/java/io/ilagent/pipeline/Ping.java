package io.ilagent.pipeline;

import java.util.Objects;

/** Ping the ilert heartbeat with this integration key. */
public record Ping(String integrationKey) {
    public Ping {
        Objects.requireNonNull(integrationKey, "integrationKey");
        if (integrationKey.isEmpty()) {
            throw new IllegalArgumentException("integrationKey must not be empty");
        }
    }
}
