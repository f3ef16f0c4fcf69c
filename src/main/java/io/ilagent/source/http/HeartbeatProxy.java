package io.ilagent.source.http;

import com.sun.net.httpserver.HttpExchange;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.Outcome;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/heartbeats/{key}}: pings ilert while the caller waits, because the caller wants to
 * know whether the ping arrived. Nothing is queued or retried. Each request has its own virtual
 * thread and no lock is shared with event intake, so a slow ilert delays only this caller.
 */
final class HeartbeatProxy {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatProxy.class);
    static final String FAILED = "Failed to proxy heartbeat";

    private final IlertClient ilert;

    HeartbeatProxy(IlertClient ilert) {
        this.ilert = ilert;
    }

    void handle(HttpExchange exchange, String rawKey) throws IOException {
        String key;
        try {
            // URLDecoder would turn '+' into a space; in a path it is a literal plus.
            key = URLDecoder.decode(rawKey.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            Reply.text(exchange, 400, "Malformed heartbeat key in path");
            return;
        }
        Outcome<Void> outcome = ilert.pingHeartbeat(key);
        if (outcome.isSuccess()) {
            log.debug("Heartbeat proxied: {}", outcome.describe());
            Reply.json(exchange, 202, "{}");
        } else if (outcome instanceof Outcome.RetryLater<Void> r && r.held()) {
            log.debug("Heartbeat proxy failed: {}", outcome.describe()); // the gate logged the 429 already
            Reply.text(exchange, 500, FAILED);
        } else {
            log.warn("Heartbeat proxy failed: {}", outcome.describe());
            Reply.text(exchange, 500, FAILED);
        }
    }
}
