package io.ilagent.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ilagent.config.EventMappingSettings;
import io.ilagent.config.FilterSettings;
import io.ilagent.ilert.Event;
import io.ilagent.ilert.EventChannel;
import io.ilagent.ilert.EventType;
import io.ilagent.ilert.Priority;
import io.ilagent.source.Message;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Maps an MQTT or Kafka payload to an ilert event, as ilagent 0.9.0 did (behaviour §5.2), with the
 * fixes listed in docs/compatibility.md. HTTP events are not mapped: the HTTP source validates them.
 */
public final class EventMapper {
    static final String NO_INTEGRATION_KEY = "no integration key: set --event_key or send integrationKey";

    private final EventMappingSettings settings;
    private final MessageFilter filter;
    private final EventTypeMapping eventType;
    private final Optional<JsonPath> alertKeyPath;
    private final Optional<JsonPath> summaryPath;

    public EventMapper(EventMappingSettings settings, FilterSettings filter) {
        this.settings = settings;
        this.filter = new MessageFilter(filter);
        this.eventType = new EventTypeMapping(settings);
        this.alertKeyPath = settings.alertKeyPath().map(JsonPath::of);
        this.summaryPath = settings.summaryPath().map(JsonPath::of);
    }

    public Mapped<RoutedEvent> map(Message message) {
        return map(message.payload(), message.topic(), message.key(), message.source());
    }

    /** @throws IllegalArgumentException for {@link Message.Source#HTTP}, which has no consumer mapping */
    public Mapped<RoutedEvent> map(byte[] payload, String topic, Optional<String> key, Message.Source source) {
        EventChannel channel = switch (source) {
            case MQTT -> EventChannel.MQTT;
            case KAFKA -> EventChannel.KAFKA;
            case HTTP -> throw new IllegalArgumentException("HTTP events are validated by the HTTP source, not mapped");
        };
        return switch (JsonPayload.parseObject(payload)) {
            case Mapped.Accepted<ObjectNode> json -> filterThenMap(json.value(), topic, key, channel);
            case Mapped<ObjectNode> other -> other.notAccepted();
        };
    }

    private Mapped<RoutedEvent> filterThenMap(ObjectNode json, String topic, Optional<String> key,
            EventChannel channel) {
        Optional<String> excluded = filter.exclusion(json);
        if (excluded.isPresent()) {
            return Mapped.filtered(excluded.get());
        }
        try {
            Event event = event(json, topic, key, channel);
            return Mapped.accepted(new RoutedEvent(channel, event));
        } catch (Rejection rejection) {
            return Mapped.rejected(rejection.getMessage());
        }
    }

    // Thrown by the field steps below so that each reads as one line instead of a switch per field.
    private static final class Rejection extends Exception {
        Rejection(String reason) {
            super(reason, null, false, false);
        }
    }

    private Event event(ObjectNode json, String topic, Optional<String> key, EventChannel channel)
            throws Rejection {
        String integrationKey = integrationKey(json);
        Optional<String> alertKey = field(PayloadFields.string(json, "alertKey"), mappedString(alertKeyPath, json));
        Optional<String> summary = field(PayloadFields.string(json, "summary"), mappedString(summaryPath, json));
        EventType type = eventType(json);
        Optional<String> details = field(PayloadFields.string(json, "details"), Optional.empty());
        Optional<Priority> priority = priority(json);
        Optional<List<Event.Image>> images = field(PayloadFields.images(json), Optional.empty());
        Optional<List<Event.Link>> links = field(PayloadFields.links(json), Optional.empty());
        String finalSummary = summary.orElse(type == EventType.ALERT ? "New alert from " + topic : "");
        return new Event(integrationKey, type, finalSummary, details.orElse(null), alertKey.orElse(null),
                priority.orElse(null), images.orElse(null), links.orElse(null),
                customDetails(json, topic, key, channel));
    }

    private String integrationKey(ObjectNode json) throws Rejection {
        String key = field(PayloadFields.integrationKey(json), settings.eventKey()).orElse("");
        if (key.isEmpty()) {
            throw new Rejection(NO_INTEGRATION_KEY);
        }
        return key;
    }

    private EventType eventType(ObjectNode json) throws Rejection {
        Optional<String> mapped = eventType.apply(json);
        String raw = field(PayloadFields.string(json, "eventType"), mapped).orElse(EventType.ALERT.name());
        for (EventType type : EventType.values()) {
            if (type.name().equals(raw)) {
                return type;
            }
        }
        String origin = mapped.isPresent() ? "at '" + eventType.path().orElseThrow() + "'" : "'eventType'";
        throw new Rejection("event type " + origin + " is '" + Excerpt.of(raw) + "', not one of "
                + Arrays.toString(EventType.values()) + "; map it with --map_val_etype_alert,"
                + " --map_val_etype_accept or --map_val_etype_resolve");
    }

    private static Optional<Priority> priority(ObjectNode json) throws Rejection {
        Optional<String> raw = field(PayloadFields.string(json, "priority"), Optional.empty());
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        return switch (raw.get()) {
            case "HIGH" -> Optional.of(Priority.HIGH);
            case "LOW" -> Optional.of(Priority.LOW);
            default -> throw new Rejection("field 'priority' is '" + Excerpt.of(raw.get()) + "', not HIGH or LOW");
        };
    }

    private JsonNode customDetails(ObjectNode json, String topic, Optional<String> key, EventChannel channel) {
        JsonNode own = json.get("customDetails");
        if (own != null && !own.isNull()) {
            return own.deepCopy();
        }
        if (settings.forwardPayload()) {
            return json.deepCopy();
        }
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        if (channel == EventChannel.KAFKA) {
            details.put("messageKey", key.orElse(""));
        }
        return details.put("topic", topic);
    }

    // A mapping that points at a missing or non-string value supplies nothing (ilagent warned and went on).
    private static Optional<String> mappedString(Optional<JsonPath> path, JsonNode json) {
        return path.flatMap(p -> p.find(json)).filter(JsonNode::isTextual).map(JsonNode::textValue);
    }

    // The value a mapping supplies wins over the payload's own; an invalid own value only matters when
    // no mapping supplies one (ilagent 0.9.0 dropped the message either way).
    private static <T> Optional<T> field(PayloadField<T> own, Optional<T> fromMapping) throws Rejection {
        if (fromMapping.isPresent()) {
            return fromMapping;
        }
        return switch (own) {
            case PayloadField.Absent<T> absent -> Optional.empty();
            case PayloadField.Present<T> present -> Optional.of(present.value());
            case PayloadField.Invalid<T> invalid -> throw new Rejection(invalid.reason());
        };
    }
}
