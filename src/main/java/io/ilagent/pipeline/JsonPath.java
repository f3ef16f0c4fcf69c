package io.ilagent.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A dot path such as {@code data.email}: each segment is an object key. A plain name is the
 * one-segment case. Arrays cannot be indexed and keys containing dots cannot be addressed, as in
 * ilagent 0.7.0 and later.
 */
public record JsonPath(List<String> segments) {
    private static final Pattern DOT = Pattern.compile("\\.");

    public JsonPath {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a JSON path needs at least one segment");
        }
    }

    public static JsonPath of(String path) {
        return new JsonPath(List.of(DOT.split(Objects.requireNonNull(path, "path"), -1)));
    }

    /** The value at this path; empty when a key is missing or a value on the way is not an object. */
    public Optional<JsonNode> find(JsonNode root) {
        JsonNode current = root;
        for (String segment : segments) {
            if (current == null || !current.isObject()) {
                return Optional.empty();
            }
            current = current.get(segment);
        }
        return Optional.ofNullable(current);
    }

    @Override
    public String toString() {
        return String.join(".", segments);
    }
}
