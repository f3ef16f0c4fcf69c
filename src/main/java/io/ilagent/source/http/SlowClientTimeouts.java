package io.ilagent.source.http;

import java.util.Properties;

/**
 * The JDK's HttpServer waits forever, by default, for a client that sends a request or reads an answer
 * slowly, so a few stalled connections would hold the server's connections open indefinitely. Its own
 * system properties bound both; they are read once, when the first server of the JVM is created, so
 * this sets them just before, and only where the operator has not (e.g. with ILAGENT_JAVA_OPTS).
 */
final class SlowClientTimeouts {
    static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";
    static final String MAX_RESPONSE_SECONDS = "sun.net.httpserver.maxRspTime";
    /** Generous for a 16 kB event over a slow link, short enough that stalled clients do not pile up. */
    static final String DEFAULT_SECONDS = "30";

    private SlowClientTimeouts() {}

    static void applyDefaults(Properties system) {
        system.putIfAbsent(MAX_REQUEST_SECONDS, DEFAULT_SECONDS);
        system.putIfAbsent(MAX_RESPONSE_SECONDS, DEFAULT_SECONDS);
    }
}
