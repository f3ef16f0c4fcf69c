package io.ilagent.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.ilagent.config.FilterSettings;
import java.util.Optional;

/** Applies {@code --filter_key} / {@code --filter_val} to a parsed payload. */
final class MessageFilter {
    private final Optional<JsonPath> key;
    private final Optional<String> value;

    MessageFilter(FilterSettings settings) {
        this.key = settings.key().map(JsonPath::of);
        this.value = settings.value();
    }

    /** Why the filter excludes this payload, or empty when it passes. */
    Optional<String> exclusion(JsonNode payload) {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        JsonPath path = key.get();
        Optional<JsonNode> found = path.find(payload);
        if (found.isEmpty()) {
            return Optional.of("filter key '" + path + "' is not in the payload");
        }
        if (value.isEmpty()) {
            return Optional.empty();
        }
        JsonNode actual = found.get();
        if (!actual.isTextual()) {
            return Optional.of("filter key '" + path + "' holds " + JsonKind.of(actual)
                    + ", not the string '" + value.get() + "'");
        }
        if (!actual.textValue().equals(value.get())) {
            return Optional.of("filter key '" + path + "' is '" + Excerpt.of(actual.textValue())
                    + "', not '" + value.get() + "'");
        }
        return Optional.empty();
    }
}
