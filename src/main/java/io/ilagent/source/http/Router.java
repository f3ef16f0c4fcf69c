package io.ilagent.source.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches by path and method: an unknown path gets 404, a known path with another method 405
 * (with {@code Allow}), as ilagent's web framework answered. A handler that throws gets a 500.
 */
final class Router implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(Router.class);
    static final String INTERNAL_ERROR = "{\"error\":\"Internal error occurred.\"}";

    /** Answers one request; {@code param} is the path segment after a prefix route, else empty. */
    @FunctionalInterface
    interface Route {
        void handle(HttpExchange exchange, String param) throws IOException;
    }

    private final Map<String, Map<String, Route>> exact = new LinkedHashMap<>();
    private final Map<String, Map<String, Route>> prefixes = new LinkedHashMap<>();

    Router on(String method, String path, Route route) {
        exact.computeIfAbsent(path, p -> new TreeMap<>()).put(method, route);
        return this;
    }

    /** A route for {@code prefix} followed by exactly one non-empty path segment. */
    Router onSegment(String method, String prefix, Route route) {
        prefixes.computeIfAbsent(prefix, p -> new TreeMap<>()).put(method, route);
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            log.debug("{} {} from {}", exchange.getRequestMethod(), path, exchange.getRemoteAddress());
            dispatch(exchange, path);
        } catch (IOException e) {
            log.debug("Request {} {} ended early: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        }
    }

    private void dispatch(HttpExchange exchange, String path) throws IOException {
        Optional<Match> match = match(path);
        if (match.isEmpty()) {
            Reply.empty(exchange, 404);
            return;
        }
        Route route = match.get().byMethod().get(exchange.getRequestMethod());
        if (route == null) {
            exchange.getResponseHeaders().set("Allow", String.join(", ", match.get().byMethod().keySet()));
            Reply.empty(exchange, 405);
            return;
        }
        try {
            route.handle(exchange, match.get().param());
        } catch (RuntimeException e) {
            log.error("Request {} {} failed", exchange.getRequestMethod(), path, e);
            if (exchange.getResponseCode() == -1) {
                Reply.json(exchange, 500, INTERNAL_ERROR);
            }
        }
    }

    private record Match(Map<String, Route> byMethod, String param) {}

    private Optional<Match> match(String path) {
        Map<String, Route> byMethod = exact.get(path);
        if (byMethod != null) {
            return Optional.of(new Match(byMethod, ""));
        }
        for (Map.Entry<String, Map<String, Route>> e : prefixes.entrySet()) {
            String rest = path.startsWith(e.getKey()) ? path.substring(e.getKey().length()) : null;
            if (rest != null && !rest.isEmpty() && rest.indexOf('/') < 0) {
                return Optional.of(new Match(e.getValue(), rest));
            }
        }
        return Optional.empty();
    }
}
