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
            images(g, event.images());
            links(g, event.links());
            if (event.customDetails() != null) {
                g.writeFieldName("customDetails");
                mapper.get().writeTree(g, event.customDetails());
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void images(JsonGenerator g, List<Event.Image> images) throws IOException {
        if (images == null) {
            return;
        }
        g.writeArrayFieldStart("images");
        for (Event.Image image : images) {
            g.writeStartObject();
            field(g, "src", image.src());
            field(g, "href", image.href());
            field(g, "alt", image.alt());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void links(JsonGenerator g, List<Event.Link> links) throws IOException {
        if (links == null) {
            return;
        }
        g.writeArrayFieldStart("links");
        for (Event.Link link : links) {
            g.writeStartObject();
            field(g, "href", link.href());
            field(g, "text", link.text());
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
