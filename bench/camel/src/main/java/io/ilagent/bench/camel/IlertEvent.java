package io.ilagent.bench.camel;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ilert event the agent builds from an MQTT payload (docs/events.md, "From payload to event")
 * without the agent's mapping flags and filter: the payload's own fields, {@code apiKey} as an alias of
 * {@code integrationKey}, {@code ALERT} and "New alert from <topic>" as defaults, and
 * {@code customDetails} {@code {"topic": <topic>}} when the payload has none. Field order as the agent's.
 */
record IlertEvent(String integrationKey, Map<String, Object> body) {
    private static final Set<String> TYPES = Set.of("ALERT", "ACCEPT", "RESOLVE", "COMMENT");
    private static final Set<String> PRIORITIES = Set.of("HIGH", "LOW");

    static IlertEvent fromPayload(Map<?, ?> payload, String topic) {
        if (payload == null) {
            throw new IllegalArgumentException("payload is not a JSON object");
        }
        String key = string(payload, "integrationKey");
        if (key == null) {
            key = string(payload, "apiKey");
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("no integration key in the payload");
        }
        String type = string(payload, "eventType");
        type = type == null ? "ALERT" : type;
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("eventType '" + type + "' is not one of " + TYPES);
        }
        String priority = string(payload, "priority");
        if (priority != null && !PRIORITIES.contains(priority)) {
            throw new IllegalArgumentException("priority '" + priority + "' is not HIGH or LOW");
        }
        String summary = string(payload, "summary");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("integrationKey", key);
        body.put("eventType", type);
        body.put("summary", summary != null ? summary : type.equals("ALERT") ? "New alert from " + topic : "");
        putIfPresent(body, "details", string(payload, "details"));
        putIfPresent(body, "alertKey", string(payload, "alertKey"));
        putIfPresent(body, "priority", priority);
        putIfPresent(body, "images", list(payload, "images"));
        putIfPresent(body, "links", list(payload, "links"));
        Object custom = payload.get("customDetails");
        body.put("customDetails", custom != null ? custom : Map.of("topic", topic));
        return new IlertEvent(key, body);
    }

    /** The key as one URL path segment, as the agent encodes it. */
    String pathSegment() {
        return URLEncoder.encode(integrationKey, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String string(Map<?, ?> payload, String field) {
        Object v = payload.get(field);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new IllegalArgumentException("field '" + field + "' is not a string");
    }

    private static List<?> list(Map<?, ?> payload, String field) {
        Object v = payload.get(field);
        if (v == null || v instanceof List<?>) {
            return (List<?>) v;
        }
        throw new IllegalArgumentException("field '" + field + "' is not an array");
    }

    private static void putIfPresent(Map<String, Object> body, String field, Object value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
