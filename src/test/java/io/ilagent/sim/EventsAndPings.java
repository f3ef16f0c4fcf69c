package io.ilagent.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.ilagent.ilert.EventChannel;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The unauthenticated part of ilert: events (the integration key is the credential) and heartbeat pings. */
final class EventsAndPings {
    private static final Pattern CONSUMER_EVENTS = Pattern.compile("^/api/v1/events/(mqtt|kafka)/([^/]+)$");
    private static final Pattern LEGACY_HEARTBEAT = Pattern.compile("^/api/heartbeats/([^/]+)$");
    private static final Pattern PING = Pattern.compile("^/api/pings/([^/]+)$");

    private final SimulatorState state;
    private final Faults faults;
    private final Clock clock;
    private final String baseUrl;

    EventsAndPings(SimulatorState state, Faults faults, Clock clock, String baseUrl) {
        this.state = state;
        this.faults = faults;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    Optional<SimResponse> handle(IncomingRequest request) {
        String path = request.path();
        if (path.equals("/api/events")) {
            return Optional.of(onlyPost(request, EventChannel.API, Optional.empty()));
        }
        Matcher consumer = CONSUMER_EVENTS.matcher(path);
        if (consumer.matches()) {
            EventChannel channel = consumer.group(1).equals("mqtt") ? EventChannel.MQTT : EventChannel.KAFKA;
            return Optional.of(onlyPost(request, channel,
                    Optional.of(URLDecoder.decode(consumer.group(2), StandardCharsets.UTF_8))));
        }
        Matcher legacy = LEGACY_HEARTBEAT.matcher(path);
        if (legacy.matches()) {
            return Optional.of(ping(request, legacy.group(1), true));
        }
        Matcher ping = PING.matcher(path);
        if (ping.matches()) {
            return Optional.of(ping(request, ping.group(1), false));
        }
        return Optional.empty();
    }

    /** @param pathKey the integration key of an alert-source path; the Events API has it in the body */
    private SimResponse onlyPost(IncomingRequest request, EventChannel channel, Optional<String> pathKey) {
        if (!request.method().equals("POST")) {
            return SimResponse.error(405, "method not allowed");
        }
        JsonNode body;
        try {
            body = Json.read(request.body());
        } catch (UncheckedIOException e) {
            return SimResponse.error(400, "event body is not JSON");
        }
        if (body == null || !body.isObject()) {
            return SimResponse.error(400, "event body must be a JSON object");
        }
        String integrationKey = pathKey.orElseGet(() -> body.path("integrationKey").asText(""));
        if (!faults.admitEvent(integrationKey)) {
            // as for REST calls: no Retry-After, the key is limited until the next minute starts
            return SimResponse.error(429, "Too many requests");
        }
        state.addEvent(new ReceivedEvent(clock.instant(), channel, request.path(), body));
        String alertKey = body.hasNonNull("alertKey") ? body.get("alertKey").asText() : UUID.randomUUID().toString();
        String answer = Json.write(Json.object(
                "responseCode", "NEW_INCIDENT_CREATED",
                "alertKey", alertKey,
                "alertUrl", baseUrl + "/alert/" + state.events().size()));
        return new SimResponse(202, answer, Map.of("correlation-id", UUID.randomUUID().toString()));
    }

    private SimResponse ping(IncomingRequest request, String rawKey, boolean legacy) {
        String method = request.method();
        boolean allowed = method.equals("GET") || method.equals("HEAD") || (legacy && method.equals("POST"));
        if (!allowed) {
            return SimResponse.error(405, "method not allowed");
        }
        String key = URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
        state.addPing(new ReceivedPing(clock.instant(), method, key, legacy));
        return SimResponse.of(202, "");
    }
}
