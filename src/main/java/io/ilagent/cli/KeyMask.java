package io.ilagent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Hides the integration keys of one stored item wherever they appear in what the queue commands
 * print (key column, payload, errors): the first 4 characters and "…", enough to tell keys apart.
 * The keys are found in the item itself (its lane and its payload's {@code integrationKey} and
 * {@code routeKey} fields, also inside a buffered message), then replaced as text, so the payload
 * keeps its exact form.
 */
final class KeyMask {

    static final KeyMask NONE = new KeyMask(List.of());

    // Shorter values are no real keys, and replacing them as text would garble ordinary words.
    private static final int MIN_KEY_LENGTH = 6;
    private static final Set<String> KEY_FIELDS = Set.of("integrationKey", "routeKey");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> keys;

    private KeyMask(List<String> keys) {
        this.keys = keys;
    }

    /** The mask for an item with this lane and payload. */
    static KeyMask of(String lane, String payload) {
        Set<String> keys = new HashSet<>();
        laneKey(lane, keys);
        collect(parse(payload), keys);
        return new KeyMask(keys.stream().filter(k -> k.length() >= MIN_KEY_LENGTH)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    static String masked(String key) {
        return key.substring(0, Math.min(4, key.length() / 2)) + "…";
    }

    /** {@code text} with every key of the item masked. */
    String apply(String text) {
        String result = text;
        for (String key : keys) {
            result = result.replace(key, masked(key));
        }
        return result;
    }

    private static void laneKey(String lane, Set<String> keys) {
        if (lane.startsWith("heartbeat:")) {
            keys.add(lane.substring("heartbeat:".length()));
        } else if (lane.startsWith("event:") && lane.indexOf('/') > 0) {
            keys.add(lane.substring("event:".length(), lane.indexOf('/')));
        }
    }

    private static void collect(JsonNode node, Set<String> keys) {
        if (node == null) {
            return;
        }
        node.properties().forEach(field -> {
            if (KEY_FIELDS.contains(field.getKey()) && field.getValue().isTextual()) {
                keys.add(field.getValue().asText());
            } else if (field.getValue().isTextual()) {
                collect(parse(field.getValue().asText()), keys); // a buffered message's raw payload
            } else {
                collect(field.getValue(), keys);
            }
        });
        if (node.isArray()) {
            node.forEach(element -> collect(element, keys));
        }
    }

    private static JsonNode parse(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
            return null;
        }
        try {
            return JSON.readTree(trimmed);
        } catch (Exception e) {
            return null; // not JSON: only the lane's key is known
        }
    }
}
