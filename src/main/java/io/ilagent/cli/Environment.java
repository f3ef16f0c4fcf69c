package io.ilagent.cli;

import java.util.Map;
import java.util.Optional;

/** The environment variables a command reads; passed in so tests never touch the real environment. */
public record Environment(Map<String, String> variables) {
    public static final String API_KEY = "ILERT_API_KEY";
    public static final String INTEGRATION_KEY = "ILERT_INTEGRATION_KEY";
    public static final String API_URL = "ILERT_API_URL";
    public static final String BEAT_URL = "ILERT_BEAT_URL";

    public Environment {
        variables = Map.copyOf(variables);
    }

    /** A variable's value, empty when unset or blank. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
    }
}
