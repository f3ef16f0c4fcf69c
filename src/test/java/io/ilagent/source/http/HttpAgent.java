package io.ilagent.source.http;

import io.ilagent.config.HttpSettings;
import io.ilagent.delivery.Backoff;
import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeliveryEngine;
import io.ilagent.delivery.EventDeliveryHandler;
import io.ilagent.delivery.HeartbeatDeliveryHandler;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.RetryPolicy;
import io.ilagent.ilert.ApiKey;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.IlertEndpoints;
import io.ilagent.source.Health;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.TestClock;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP source wired as the daemon would: a real SQLite outbox, a delivery engine with the real
 * handlers, an ilert client pointing at the simulator. The clock only moves when a test says so, and
 * the first retry waits 500 ms of that clock, so a test decides when a failed item is tried again.
 */
final class HttpAgent implements AutoCloseable {
    static final String VERSION = "0.10.0-test";

    final TestClock clock = new TestClock(Instant.parse("2026-05-02T09:00:00Z"));
    final Health health = new Health();
    final Database db;
    final Outbox outbox;
    final DeliveryEngine engine;
    final HttpSource http;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private boolean engineStarted;

    HttpAgent(Path dir, IlertSimulator sim) {
        this(dir, ilertClient(sim, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()), () -> "");
    }

    HttpAgent(Path dir, IlertClient ilert, java.util.function.Supplier<String> metrics) {
        db = Database.open(dir.resolve("ilagent.db3"), clock);
        outbox = new Outbox(db, clock, (item, newer) -> {});
        ObjectMapper json = new ObjectMapper();
        // nextDouble() of Long.MIN_VALUE is 0.5: retries wait half the backoff ceiling (500 ms, 1 s, ...)
        RetryPolicy retries = new RetryPolicy(100, new Backoff(() -> Long.MIN_VALUE));
        engine = new DeliveryEngine(outbox, Map.of(
                ItemKind.EVENT, new EventDeliveryHandler(ilert, json),
                ItemKind.HEARTBEAT, new HeartbeatDeliveryHandler(ilert, json)),
                retries, clock, new DeliveryEngine.Settings(4, Duration.ofMillis(100)));
        http = new HttpSource(new HttpSettings("127.0.0.1", 0), outbox, ilert, health, VERSION, metrics);
        http.start();
    }

    static IlertClient ilertClient(IlertSimulator sim, HttpClient transport) {
        URI base = URI.create(sim.baseUrl());
        IlertEndpoints endpoints = new IlertEndpoints(base, base, Duration.ofSeconds(2), Duration.ofSeconds(10));
        return new IlertClient(transport, endpoints, Optional.<ApiKey>empty(), "ilagent/" + VERSION,
                new ObjectMapper(), Clock.systemUTC());
    }

    HttpAgent startDelivery() {
        engine.start();
        engineStarted = true;
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
        http.stop(Duration.ofSeconds(1));
        if (engineStarted) {
            engine.stop(Duration.ofSeconds(5));
        }
        db.close();
        client.close();
    }
}
