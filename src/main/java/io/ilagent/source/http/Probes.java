package io.ilagent.source.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.ilagent.source.Health;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code /}, {@code /health}, {@code /ready} and {@code /metrics}: what the agent is and how it is doing. */
final class Probes {

    static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Health health;
    private final String version;
    private final Supplier<String> metrics;
    private final ObjectMapper json;

    Probes(Health health, String version, Supplier<String> metrics, ObjectMapper json) {
        this.health = health;
        this.version = version;
        this.metrics = metrics;
        this.json = json;
    }

    void index(HttpExchange exchange, String unused) throws IOException {
        Reply.text(exchange, 200, "ilagent/" + version);
    }

    void health(HttpExchange exchange, String unused) throws IOException {
        Reply.empty(exchange, health.healthy() ? 204 : 503);
    }

    /** 204 when ready; otherwise 503 naming the first component in the way, in ilagent's shape. */
    void ready(HttpExchange exchange, String unused) throws IOException {
        Optional<String> blocker = blocker();
        if (blocker.isEmpty()) {
            Reply.empty(exchange, 204);
        } else {
            Reply.json(exchange, 503, blocker.get());
        }
    }

    void metrics(HttpExchange exchange, String unused) throws IOException {
        Reply.send(exchange, 200, METRICS_TYPE, metrics.get());
    }

    private Optional<String> blocker() throws IOException {
        if (health.isStopping()) {
            return Optional.of(body("daemon", Map.of(), "shutting down"));
        }
        Optional<Health.Component> component = health.firstNotReady();
        if (component.isPresent()) {
            return Optional.of(body(component.get().name(), component.get().state().facts(),
                    component.get().state().detail()));
        }
        return Optional.empty();
    }

    private String body(String component, Map<String, Object> facts, String error) throws IOException {
        ObjectNode body = json.createObjectNode().put("component", component);
        facts.forEach((name, value) -> body.set(name, json.valueToTree(value)));
        return json.writeValueAsString(body.put("error", error));
    }
}
