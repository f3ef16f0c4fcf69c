package io.ilagent.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ilagent.ilert.EscalationRule;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /_sim/} endpoints for driving a running simulator from outside (curl, other
 * processes). Not schema-checked and not recorded. Output never contains an Authorization secret.
 */
final class SimulatorControl {
    static final String PREFIX = "/_sim/";

    private final IlertSimulator sim;
    private final SimulatorState state;

    SimulatorControl(IlertSimulator sim, SimulatorState state) {
        this.sim = sim;
        this.state = state;
    }

    SimResponse handle(IncomingRequest request) {
        String what = request.method() + " " + request.path();
        try {
            return switch (what) {
                case "GET /_sim/state" -> SimResponse.of(200, Json.write(stateJson()));
                case "GET /_sim/requests" -> SimResponse.of(200, Json.write(requestsJson()));
                case "GET /_sim/violations" -> SimResponse.of(200, Json.write(state.violations()));
                case "POST /_sim/fail" -> fail(request);
                case "POST /_sim/drop" -> drop(request);
                case "POST /_sim/latency" -> latency(request);
                case "POST /_sim/users" -> addUser(request);
                case "POST /_sim/policies" -> addPolicy(request);
                case "POST /_sim/faults/clear" -> {
                    sim.clearFaults();
                    yield SimResponse.of(200, "{}");
                }
                case "POST /_sim/reset" -> {
                    sim.reset();
                    yield SimResponse.of(200, "{}");
                }
                default -> SimResponse.error(404, "unknown control call " + what);
            };
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return SimResponse.error(400, e.getMessage());
        }
    }

    private ObjectNode stateJson() {
        return Json.object(
                "users", state.users(),
                "policies", state.policies(),
                "events", state.events().stream()
                        .map(e -> Json.object("time", e.time().toString(), "channel", e.channel(),
                                "path", e.path(), "body", e.body()))
                        .toList(),
                "pings", state.pings().stream()
                        .map(p -> Json.object("time", p.time().toString(), "method", p.method(),
                                "key", p.key(), "legacy", p.legacy()))
                        .toList());
    }

    private ArrayNode requestsJson() {
        ArrayNode all = Json.MAPPER.createArrayNode();
        for (RecordedRequest r : state.requests()) {
            all.add(Json.object("time", r.time().toString(), "method", r.method(), "path", r.path(),
                    "query", r.query(), "headers", r.redactedHeaders(), "body", r.body(), "status", r.status()));
        }
        return all;
    }

    private SimResponse fail(IncomingRequest request) {
        int status = intParam(request, "status", 500);
        Failure failure = Failure.status(status).on(target(request));
        String retryAfter = request.queryParam("retryAfter");
        if (retryAfter != null) {
            failure = failure.retryAfter(retryAfter);
        }
        sim.failNext(intParam(request, "count", 1), failure);
        return SimResponse.of(200, "{}");
    }

    private SimResponse drop(IncomingRequest request) {
        sim.dropNext(intParam(request, "count", 1), target(request));
        return SimResponse.of(200, "{}");
    }

    private SimResponse latency(IncomingRequest request) {
        Duration delay = Duration.ofMillis(intParam(request, "ms", 0));
        String path = request.queryParam("path");
        if (path == null) {
            sim.latency(delay);
        } else {
            sim.latency(path, delay);
        }
        return SimResponse.of(200, "{}");
    }

    /** Body {@code {"email":..,"firstName":..,"lastName":..}}; answers the new id. */
    private SimResponse addUser(IncomingRequest request) {
        JsonNode body = Json.read(request.body());
        String email = required(body, "email");
        long id = sim.addUser(email, body.path("firstName").asText(""), body.path("lastName").asText(""));
        return SimResponse.of(201, Json.write(Json.object("id", id)));
    }

    /** Body {@code {"name":..,"routingKey":..,"escalationRules":[EscalationRule...]}}; answers the new id. */
    private SimResponse addPolicy(IncomingRequest request) {
        JsonNode body = Json.read(request.body());
        List<EscalationRule> rules = new ArrayList<>();
        for (JsonNode rule : body.path("escalationRules")) {
            rules.add(Json.MAPPER.convertValue(rule, EscalationRule.class));
        }
        String routingKey = body.hasNonNull("routingKey") ? body.get("routingKey").asText() : null;
        long id = sim.addPolicy(required(body, "name"), routingKey, rules);
        return SimResponse.of(201, Json.write(Json.object("id", id)));
    }

    private static Target target(IncomingRequest request) {
        return Target.of(request.queryParam("method"), request.queryParam("path"));
    }

    private static int intParam(IncomingRequest request, String name, int fallback) {
        String value = request.queryParam(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
    }

    private static String required(JsonNode body, String field) {
        if (body == null || !body.hasNonNull(field)) {
            throw new IllegalArgumentException(field + " is required");
        }
        return body.get(field).asText();
    }
}
