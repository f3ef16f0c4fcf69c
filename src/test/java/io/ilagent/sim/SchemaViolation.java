package io.ilagent.sim;

import java.util.List;

/** A request the official ilert schema (or, off-spec, the simulator's path rule) rejected. */
public record SchemaViolation(String method, String path, List<String> messages) {
    public SchemaViolation {
        messages = List.copyOf(messages);
    }

    @Override
    public String toString() {
        return method + " " + path + ": " + String.join("; ", messages);
    }
}
