package io.ilagent.ilert;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Which ilert endpoint an event goes to: the generic Events API (HTTP proxy, one-shot CLI) or the
 * MQTT / Kafka alert-source endpoints that carry the integration key in the path.
 */
public enum EventChannel {
    API, MQTT, KAFKA;

    /** The path below {@code /api}. */
    public String path(String integrationKey) {
        return switch (this) {
            case API -> "/events";
            case MQTT -> "/v1/events/mqtt/" + segment(integrationKey);
            case KAFKA -> "/v1/events/kafka/" + segment(integrationKey);
        };
    }

    static String segment(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
