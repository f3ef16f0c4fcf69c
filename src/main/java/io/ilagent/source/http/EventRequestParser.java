package io.ilagent.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.ilagent.ilert.Event;
import io.ilagent.ilert.EventType;
import io.ilagent.ilert.Priority;
import io.ilagent.pipeline.JsonDocument;
import io.ilagent.pipeline.JsonKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Validates a {@code POST /api/events} body the way ilagent 0.9.0 did (same fields, same alias, same
 * two value errors), but every error names the field, so a caller can fix the request.
 * Structure and types are checked first, then the values of eventType and priority, as in 0.9.0.
 */
final class EventRequestParser {

    /** The outcome of parsing one body. */
    sealed interface Result {
        record Valid(Event event) implements Result {}

        record Invalid(String error) implements Result {}
    }

    static final String UNSUPPORTED_EVENT_TYPE = "Unsupported value for field 'eventType'.";
    static final String UNSUPPORTED_PRIORITY = "Unsupported value for field 'priority'.";

    Result parse(byte[] body) {
        JsonNode root;
        switch (JsonDocument.read(body)) {
            case JsonDocument.Read.Refused refused -> {
                return new Result.Invalid("body " + refused.reason());
            }
            case JsonDocument.Read.Document document -> root = document.root();
        }
        if (!root.isObject()) {
            return new Result.Invalid("body must be a JSON object, got " + JsonKind.of(root));
        }
        try {
            return new Result.Valid(toEvent(root));
        } catch (BadField e) {
            return new Result.Invalid(e.getMessage());
        }
    }

    private Event toEvent(JsonNode root) {
        String integrationKey = integrationKey(root);
        String eventType = requiredString(root, "eventType");
        String summary = requiredString(root, "summary");
        String details = optionalString(root, "details");
        String alertKey = optionalString(root, "alertKey");
        String priority = optionalString(root, "priority");
        List<Event.Image> images = optionalArray(root, "images", this::image);
        List<Event.Link> links = optionalArray(root, "links", this::link);
        JsonNode customDetails = present(root, "customDetails") ? root.get("customDetails") : null;
        return new Event(integrationKey, enumValue(EventType.class, eventType, UNSUPPORTED_EVENT_TYPE), summary,
                details, alertKey, priority == null ? null : enumValue(Priority.class, priority, UNSUPPORTED_PRIORITY),
                images, links, customDetails);
    }

    private String integrationKey(JsonNode root) {
        boolean hasKey = root.has("integrationKey");
        boolean hasAlias = root.has("apiKey");
        // As for consumer payloads: both with one value is harmless, two values could pick the wrong source.
        if (hasKey && hasAlias && !root.get("integrationKey").equals(root.get("apiKey"))) {
            throw new BadField("body has both 'integrationKey' and 'apiKey' with different values; send only one of them");
        }
        String field = hasAlias && !hasKey ? "apiKey" : "integrationKey";
        String key = requiredString(root, field);
        if (key.isEmpty()) {
            throw new BadField("field '" + field + "' must not be empty");
        }
        return key;
    }

    private Event.Image image(JsonNode node, String path) {
        return new Event.Image(requiredString(node, "src", path), optionalString(node, "href", path),
                optionalString(node, "alt", path));
    }

    private Event.Link link(JsonNode node, String path) {
        return new Event.Link(requiredString(node, "href", path), optionalString(node, "text", path));
    }

    private interface ElementReader<T> {
        T read(JsonNode element, String path);
    }

    private static <T> List<T> optionalArray(JsonNode root, String field, ElementReader<T> reader) {
        if (!present(root, field)) {
            return null;
        }
        JsonNode array = root.get(field);
        if (!array.isArray()) {
            throw new BadField("field '" + field + "' must be an array, got " + JsonKind.of(array));
        }
        List<T> result = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String path = field + "[" + i + "]";
            if (!array.get(i).isObject()) {
                throw new BadField("field '" + path + "' must be an object, got " + JsonKind.of(array.get(i)));
            }
            result.add(reader.read(array.get(i), path + "."));
        }
        return result;
    }

    private static String requiredString(JsonNode node, String field) {
        return requiredString(node, field, "");
    }

    private static String requiredString(JsonNode node, String field, String prefix) {
        if (!present(node, field)) {
            throw new BadField("missing field '" + prefix + field + "'");
        }
        return optionalString(node, field, prefix);
    }

    private static String optionalString(JsonNode node, String field) {
        return optionalString(node, field, "");
    }

    private static String optionalString(JsonNode node, String field, String prefix) {
        if (!present(node, field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            throw new BadField("field '" + prefix + field + "' must be a string, got " + JsonKind.of(value));
        }
        return value.asText();
    }

    /** ilagent's optional fields accept an explicit null as absent; a required one does not. */
    private static boolean present(JsonNode node, String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String error) {
        return Arrays.stream(type.getEnumConstants())
                .filter(c -> c.name().equals(value)) // case-sensitive, as ilert is
                .findFirst()
                .orElseThrow(() -> new BadField(error));
    }

    /** Carries one validation error out of the nested readers; never leaves this class. */
    private static final class BadField extends RuntimeException {
        BadField(String message) {
            super(message, null, false, false);
        }
    }
}
