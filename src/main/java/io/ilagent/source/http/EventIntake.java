package io.ilagent.source.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.ilagent.delivery.EventPayload;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.StoreException;
import io.ilagent.delivery.StoreHealth;
import io.ilagent.delivery.WorkCodec;
import io.ilagent.ilert.Event;
import io.ilagent.ilert.EventChannel;
import io.ilagent.source.IntakeObserver;
import io.ilagent.source.Message;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/events}: validates the event, commits it to the outbox and only then answers 202,
 * so an accepted event survives a crash right after the answer.
 */
final class EventIntake {

    private static final Logger log = LoggerFactory.getLogger(EventIntake.class);
    /** ilagent 0.9.0's JSON body limit. */
    static final int MAX_BODY_BYTES = 16_000;
    static final String SOURCE = "http POST /api/events";
    private static final String KIND = "event";

    static final String STORE_FAILED =
            "{\"error\":\"The agent cannot store the event now (its database cannot be written); try again later.\"}";
    private static final String RETRY_AFTER_SECONDS = "5";
    private final StoreHealth store;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final WorkCodec codec;
    private final EventRequestParser parser;
    private final IntakeObserver observer;

    EventIntake(Outbox outbox, ObjectMapper json, WorkCodec codec, IntakeObserver observer, StoreHealth store) {
        this.store = store;
        this.observer = observer;
        this.outbox = outbox;
        this.json = json;
        this.codec = codec;
        this.parser = new EventRequestParser();
    }

    void handle(HttpExchange exchange, String unused) throws IOException {
        observer.received(Message.Source.HTTP);
        if (!isJson(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            error(exchange, 415, "Content-Type must be application/json");
            return;
        }
        Optional<byte[]> body = readLimited(exchange);
        if (body.isEmpty()) {
            error(exchange, 413, "request body is larger than " + MAX_BODY_BYTES + " bytes");
            return;
        }
        switch (parser.parse(body.get())) {
            case EventRequestParser.Result.Invalid invalid -> error(exchange, 400, invalid.error());
            case EventRequestParser.Result.Valid valid -> enqueue(exchange, valid.event());
        }
    }

    private void enqueue(HttpExchange exchange, Event event) throws IOException {
        EventPayload payload = EventPayload.of(EventChannel.API, event);
        long id;
        try {
            id = outbox.enqueue(codec.item(payload, SOURCE));
        } catch (StoreException e) {
            // Not accepted, so the sender keeps it: 503 says "try again", which a full disk is. Logged once per
            // state change, not once per request.
            store.failed("store an event from POST /api/events", e);
            exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
            Reply.json(exchange, 503, STORE_FAILED);
            return;
        }
        store.succeeded();
        observer.classified(Message.Source.HTTP, KIND, IntakeObserver.Result.ACCEPTED);
        log.info("Event {} ({}, alert key {}) queued as item {}", event.eventType(), payload.lane(),
                event.alertKey(), id);
        Reply.json(exchange, 202, json.writeValueAsString(echo(event, id)));
    }

    /** ilagent's echo (absent fields as null) plus the outbox id, for {@code ilagent queue} look-ups. */
    private ObjectNode echo(Event event, long id) {
        ObjectNode node = json.createObjectNode();
        node.put("integrationKey", event.integrationKey());
        node.put("eventType", event.eventType().name());
        node.put("summary", event.summary());
        node.put("details", event.details());
        node.put("alertKey", event.alertKey());
        node.put("priority", event.priority() == null ? null : event.priority().name());
        node.set("images", json.valueToTree(event.images()));
        node.set("links", json.valueToTree(event.links()));
        node.set("customDetails", event.customDetails() == null ? json.nullNode() : event.customDetails());
        node.put("queueId", id);
        return node;
    }

    /** The body, or empty when it is over the limit; a declared oversize length is refused unread. */
    private static Optional<byte[]> readLimited(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && parsesAbove(declared, MAX_BODY_BYTES)) {
            return Optional.empty();
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            return bytes.length > MAX_BODY_BYTES ? Optional.empty() : Optional.of(bytes);
        }
    }

    private static boolean parsesAbove(String number, long limit) {
        try {
            return Long.parseLong(number.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the server itself rejects a malformed length; let the read decide
        }
    }

    /** application/json or a +json type, as ilagent's JSON extractor accepted. */
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mime = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
    }

    private void error(HttpExchange exchange, int status, String message) throws IOException {
        observer.classified(Message.Source.HTTP, KIND, IntakeObserver.Result.REJECTED);
        log.info("POST /api/events refused with {}: {}", status, message);
        Reply.json(exchange, status, errorBody(message));
    }

    private String errorBody(String message) throws JsonProcessingException {
        return json.writeValueAsString(json.createObjectNode().put("error", message));
    }
}
