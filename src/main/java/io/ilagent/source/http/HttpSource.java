package io.ilagent.source.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.ilagent.config.HttpSettings;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.StoreHealth;
import io.ilagent.delivery.WorkCodec;
import io.ilagent.ilert.IlertClient;
import io.ilagent.source.Health;
import io.ilagent.source.IntakeObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local HTTP API ({@code -p}): event intake into the outbox, the heartbeat proxy, probes and
 * metrics. Every request runs on its own virtual thread and nothing holds a lock across requests,
 * unlike ilagent 0.9.0's single worker behind one global lock. Registers itself as the health
 * component {@value #COMPONENT}, ready while it listens.
 */
public final class HttpSource {

    private static final Logger log = LoggerFactory.getLogger(HttpSource.class);
    public static final String COMPONENT = "http";

    private final HttpSettings settings;
    private final Health health;
    private final Router router;
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param ilert   client for the heartbeat proxy (ilagent's proxy sent no API key; pings need none)
     * @param version shown by {@code GET /}, e.g. {@code 0.10.0}
     * @param metrics the Prometheus text for {@code GET /metrics}
     */
    public HttpSource(HttpSettings settings, Outbox outbox, IlertClient ilert, Health health, String version,
                      Supplier<String> metrics) {
        this(settings, outbox, ilert, health, version, metrics, IntakeObserver.NONE, new StoreHealth());
    }

    /**
     * @param observer hears about every {@code POST /api/events} and whether it was accepted
     * @param store    the daemon's database state: an event that cannot be stored counts there (one WARN, /ready)
     */
    public HttpSource(HttpSettings settings, Outbox outbox, IlertClient ilert, Health health, String version,
                      Supplier<String> metrics, IntakeObserver observer, StoreHealth store) {
        ObjectMapper json = new ObjectMapper();
        this.settings = Objects.requireNonNull(settings, "settings");
        this.health = Objects.requireNonNull(health, "health");
        Probes probes = new Probes(health, version, metrics, json);
        EventIntake events = new EventIntake(outbox, json, new WorkCodec(), observer, store);
        HeartbeatProxy heartbeats = new HeartbeatProxy(ilert);
        this.router = new Router()
                .on("GET", "/", probes::index)
                .on("GET", "/health", probes::health)
                .on("GET", "/ready", probes::ready)
                .on("GET", "/metrics", probes::metrics)
                .on("POST", "/api/events", events::handle)
                .onSegment("GET", "/api/heartbeats/", heartbeats::handle);
        health.register(COMPONENT);
    }

    /** Without metrics yet: {@code /metrics} answers an empty body. */
    public HttpSource(HttpSettings settings, Outbox outbox, IlertClient ilert, Health health, String version) {
        this(settings, outbox, ilert, health, version, () -> "");
    }

    /** Binds and starts serving; fails with the address when the port cannot be bound. */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("HTTP server already started");
        }
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        SlowClientTimeouts.applyDefaults(System.getProperties());
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            health.failed(COMPONENT, "cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage());
            throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port()
                    + ": " + e.getMessage() + " (is another process using the port? choose another with -p)", e);
        }
        executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 1).factory());
        server.createContext("/", router);
        server.setExecutor(executor);
        server.start();
        health.ready(COMPONENT);
        log.info("HTTP server listening on {}:{}", settings.host(), port());
    }

    /** The port actually bound (useful with port 0). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("HTTP server not started");
        }
        return server.getAddress().getPort();
    }

    /** Stops accepting, lets requests under way finish for up to {@code grace}, then closes. */
    public synchronized void stop(Duration grace) {
        if (server == null) {
            return;
        }
        health.notReady(COMPONENT, "stopped");
        // HttpServer.stop waits for exchanges in whole seconds; round up so a short grace is not zero.
        server.stop((int) Math.max(0, (grace.toMillis() + 999) / 1000));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
        log.info("HTTP server stopped");
    }
}
