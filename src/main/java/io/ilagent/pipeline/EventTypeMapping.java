package io.ilagent.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.ilagent.config.EventMappingSettings;
import java.util.Optional;

/** {@code --map_key_etype} with the {@code --map_val_etype_*} value mappings. */
final class EventTypeMapping {
    private final Optional<JsonPath> path;
    private final EventMappingSettings settings;

    EventTypeMapping(EventMappingSettings settings) {
        this.path = settings.eventTypePath().map(JsonPath::of);
        this.settings = settings;
    }

    Optional<JsonPath> path() {
        return path;
    }

    /**
     * The raw value at {@code --map_key_etype}, if a string, translated by the value mappings. As in
     * ilagent, later mappings override earlier ones and unmatched values pass through unchanged.
     */
    Optional<String> apply(JsonNode json) {
        Optional<String> raw = path.flatMap(p -> p.find(json)).filter(JsonNode::isTextual).map(JsonNode::textValue);
        return raw.map(value -> {
            String mapped = value;
            if (settings.alertValue().filter(value::equals).isPresent()) {
                mapped = "ALERT";
            }
            if (settings.acceptValue().filter(value::equals).isPresent()) {
                mapped = "ACCEPT";
            }
            if (settings.resolveValue().filter(value::equals).isPresent()) {
                mapped = "RESOLVE";
            }
            return mapped;
        });
    }
}
