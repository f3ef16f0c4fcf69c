package io.ilagent.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ilagent.ilert.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a payload's own fields that carry ilert names, checking their JSON types. */
final class PayloadFields {
    static final String INTEGRATION_KEY = "integrationKey";
    static final String API_KEY = "apiKey";

    private PayloadFields() {}

    static PayloadField<String> string(ObjectNode json, String name) {
        JsonNode node = json.get(name);
        if (node == null || node.isNull()) {
            return new PayloadField.Absent<>();
        }
        if (node.isTextual()) {
            return new PayloadField.Present<>(node.textValue());
        }
        return wrongType(name, "a string", node);
    }

    /** {@code integrationKey} with its alias {@code apiKey}; both with different values is ambiguous. */
    static PayloadField<String> integrationKey(ObjectNode json) {
        PayloadField<String> primary = string(json, INTEGRATION_KEY);
        PayloadField<String> alias = string(json, API_KEY);
        return switch (primary) {
            case PayloadField.Invalid<String> invalid -> invalid;
            case PayloadField.Absent<String> absent -> alias;
            case PayloadField.Present<String> key -> switch (alias) {
                case PayloadField.Present<String> other when !other.value().equals(key.value()) ->
                        new PayloadField.Invalid<>("payload has both 'integrationKey' and 'apiKey' with different"
                                + " values; send only one of them");
                case PayloadField.Invalid<String> invalid -> invalid;
                default -> key;
            };
        };
    }

    static PayloadField<List<Event.Image>> images(ObjectNode json) {
        return objects(json, "images", (item, at) -> new Event.Image(
                required(item, "src", at), optional(item, "href", at), optional(item, "alt", at)));
    }

    static PayloadField<List<Event.Link>> links(ObjectNode json) {
        return objects(json, "links", (item, at) -> new Event.Link(
                required(item, "href", at), optional(item, "text", at)));
    }

    private interface ItemReader<T> {
        T read(JsonNode item, String at) throws WrongType;
    }

    // Lets the item readers stop at the first bad sub-field without threading results through each call.
    private static final class WrongType extends Exception {
        WrongType(String reason) {
            super(reason, null, false, false);
        }
    }

    private static <T> PayloadField<List<T>> objects(ObjectNode json, String name, ItemReader<T> reader) {
        JsonNode node = json.get(name);
        if (node == null || node.isNull()) {
            return new PayloadField.Absent<>();
        }
        if (!node.isArray()) {
            return wrongType(name, "an array of objects", node);
        }
        List<T> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = name + "[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                return wrongType(at, "an object", item);
            }
            try {
                items.add(reader.read(item, at));
            } catch (WrongType e) {
                return new PayloadField.Invalid<>(e.getMessage());
            }
        }
        return new PayloadField.Present<>(items);
    }

    private static String required(JsonNode item, String name, String at) throws WrongType {
        JsonNode node = item.get(name);
        if (node == null || node.isNull()) {
            throw new WrongType("field '" + at + "." + name + "' is required and must be a string");
        }
        return optional(item, name, at);
    }

    private static String optional(JsonNode item, String name, String at) throws WrongType {
        JsonNode node = item.get(name);
        if (node == null || node.isNull()) {
            return null; // Event.Image/Link leave absent parts out on the wire.
        }
        if (!node.isTextual()) {
            throw new WrongType(reason(at + "." + name, "a string", node));
        }
        return node.textValue();
    }

    private static <T> PayloadField<T> wrongType(String field, String expected, JsonNode actual) {
        return new PayloadField.Invalid<>(reason(field, expected, actual));
    }

    private static String reason(String field, String expected, JsonNode actual) {
        return "field '" + field + "' must be " + expected + ", got " + JsonKind.of(actual)
                + Optional.of(actual).filter(JsonNode::isValueNode).filter(n -> !n.isNull())
                        .map(n -> " (" + Excerpt.of(n.toString()) + ")").orElse("");
    }
}
