package io.ilagent.source.http;

import io.ilagent.config.AgentConfig;
import io.ilagent.config.DeliverySettings;
import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeliveryEngine;
import io.ilagent.delivery.Outbox;
import io.ilagent.runtime.TestConfig;
import io.ilagent.runtime.WiredAgent;
import io.ilagent.runtime.WiringSeams;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.TestClock;
import io.ilagent.source.Health;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP source built by the daemon's own wiring: a real SQLite outbox, the delivery engine with the real
 * handlers, ilert being the simulator. The clock only moves when a test says so, and the first retry waits
 * 500 ms of that clock, so a test decides when a failed item is tried again. Delivery starts when a test says.
 */
final class HttpAgent implements AutoCloseable {
    static final String VERSION = "0.10.0-test";

    final TestClock clock = new TestClock(Instant.parse("2026-05-02T09:00:00Z"));
    final Health health;
    final Database db;
    final Outbox outbox;
    final DeliveryEngine engine;
    final HttpSource http;
    private final WiredAgent agent;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    HttpAgent(Path dir, IlertSimulator sim) {
        AgentConfig config = TestConfig.of(dir.resolve("ilagent.db3"), sim).http().noApiKey()
                .delivery(DeliverySettings.DEFAULT_MAX_RETRIES, 4, DeliverySettings.DEFAULT_SHUTDOWN_TIMEOUT).build();
        // nextDouble() of Long.MIN_VALUE is 0.5: retries wait half the backoff ceiling (500 ms, 1 s, ...)
        WiringSeams seams = WiringSeams.production(clock).random(() -> Long.MIN_VALUE)
                .timings(new WiringSeams.Timings(Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(5)));
        agent = WiredAgent.built(config, VERSION, seams, Duration.ofSeconds(5)).start("http");
        health = agent.health;
        db = agent.db;
        outbox = agent.parts.outbox();
        engine = agent.parts.engine();
        http = agent.parts.http().orElseThrow();
    }

    HttpAgent startDelivery() {
        agent.start("delivery");
        return this;
    }

    /** Moves the clock past every scheduled retry and wakes the engine. */
    void passTime(Duration by) {
        clock.advance(by);
        engine.wakeUp();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + http.port() + path);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    HttpResponse<String> postEvent(String json) throws Exception {
        return send(eventRequest(json));
    }

    CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return client.sendAsync(HttpRequest.newBuilder(uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    CompletableFuture<HttpResponse<String>> postEventAsync(String json) {
        return client.sendAsync(eventRequest(json), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpRequest eventRequest(String json) {
        return HttpRequest.newBuilder(uri("/api/events")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws InterruptedException {
        try {
            agent.close();
        } finally {
            client.close();
        }
    }
}
