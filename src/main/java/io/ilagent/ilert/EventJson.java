package io.ilagent.ilert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes an {@link Event} as ilert's Events API expects it, with Jackson's streaming writer: the same bytes as
 * {@code ObjectMapper.writeValueAsBytes(event)} (fields in the record's order, {@code null}s left out), but
 * without an {@code ObjectMapper}. Building one (its date format asks the JDK for every locale) and the
 * serializer it finds for {@code Event} by introspection were about a quarter of the Java time of the one-shot
 * {@code ilagent event}; an {@code ObjectMapper} is asked for only to write {@code customDetails}, a tree.
 */
final class EventJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private EventJson() {}

    static byte[] bytes(Event event, Supplier<ObjectMapper> mapper) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("integrationKey", event.integrationKey());
            g.writeStringField("eventType", event.eventType().name());
            g.writeStringField("summary", event.summary());
            field(g, "details", event.details());
            field(g, "alertKey", event.alertKey());
            field(g, "priority", event.priority() == null ? null : event.priority().name());
            objects(g, "images", event.images(), (image, o) -> {
                field(o, "src", image.src());
                field(o, "href", image.href());
                field(o, "alt", image.alt());
            });
            objects(g, "links", event.links(), (link, o) -> {
                field(o, "href", link.href());
                field(o, "text", link.text());
            });
            if (event.customDetails() != null) {
                g.writeFieldName("customDetails");
                mapper.get().writeTree(g, event.customDetails());
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Writes one item's fields into the object already started for it. */
    @FunctionalInterface
    private interface Fields<T> {
        void write(T item, JsonGenerator g) throws IOException;
    }

    /** An array of objects under {@code name}, left out when the list is null. */
    private static <T> void objects(JsonGenerator g, String name, List<T> items, Fields<T> fields) throws IOException {
        if (items == null) {
            return;
        }
        g.writeArrayFieldStart(name);
        for (T item : items) {
            g.writeStartObject();
            fields.write(item, g);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
