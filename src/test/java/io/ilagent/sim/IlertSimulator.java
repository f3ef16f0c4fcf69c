package io.ilagent.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ilagent.ilert.EscalationPolicy;
import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.User;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A stateful fake of the ilert API on 127.0.0.1, serving both the API host and the beat host.
 * Every request is checked against the official OpenAPI schema, recorded, and may be hit by an
 * injected fault. Create with {@link #start()} or {@link #builder()}; close when done.
 */
public final class IlertSimulator implements AutoCloseable {
    public static final String DEFAULT_API_KEY = "sim-api-key";

    private final HttpServer server;
    private final ExecutorService executor;
    private final SimulatorState state = new SimulatorState();
    private final Faults faults;
    private final Holds holds = new Holds();
    private final SchemaCheck schema;
    private final Clock clock;
    private final Consumer<RecordedRequest> log;
    private final EventsAndPings eventsAndPings;
    private final RestApi rest;
    private final SimulatorControl control;

    private IlertSimulator(Builder b) throws IOException {
        this.clock = b.clock;
        this.faults = new Faults(clock);
        this.schema = b.schema != null ? b.schema : SchemaCheck.official();
        this.log = b.log;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 0);
        this.eventsAndPings = new EventsAndPings(state, faults, clock, baseUrl());
        this.rest = new RestApi(state, faults, b.apiKey);
        this.control = new SimulatorControl(this, state);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A simulator on a free port with the default API key. */
    public static IlertSimulator start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Base URL for both the API and the beat host, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    // --- seeding and state ------------------------------------------------------------------

    public long addUser(String email, String firstName, String lastName) {
        return state.addUser(email, firstName, lastName);
    }

    public long addPolicy(String name, String routingKey, List<EscalationRule> rules) {
        return state.addPolicy(name, routingKey, rules);
    }

    public Optional<EscalationPolicy> policy(long id) {
        return state.policy(id);
    }

    public List<EscalationPolicy> policies() {
        return state.policies();
    }

    public List<User> users() {
        return state.users();
    }

    public List<ReceivedEvent> events() {
        return state.events();
    }

    public List<ReceivedPing> pings() {
        return state.pings();
    }

    /** Every request on the ilert paths, in arrival order (control calls under /_sim/ are not recorded). */
    public List<RecordedRequest> requests() {
        return state.requests();
    }

    public List<RecordedRequest> requestsTo(String method, String pathPrefix) {
        Target target = Target.of(method, pathPrefix);
        return state.requests().stream().filter(r -> target.matches(r.method(), r.path())).toList();
    }

    public List<SchemaViolation> violations() {
        return state.violations();
    }

    /** Forgets injected failures, drops and latency but keeps the state (events, users, policies). */
    public void clearFaults() {
        faults.reset();
        holds.clear();
    }

    /** Forgets all state and faults. */
    public void reset() {
        state.reset();
        faults.reset();
        holds.clear();
    }

    /** Keeps back the answers to requests whose body contains {@code bodyContains} until the hold is released. */
    public Holds.Hold hold(String bodyContains) {
        return holds.add(bodyContains);
    }

    // --- faults -------------------------------------------------------------------------------

    /** The next {@code count} requests (any path) are answered with {@code status}. */
    public void failNext(int count, int status) {
        failNext(count, Failure.status(status));
    }

    /** The next {@code count} requests under {@code pathPrefix} are answered with {@code status}. */
    public void failNext(int count, int status, String pathPrefix) {
        failNext(count, Failure.status(status).on(Target.path(pathPrefix)));
    }

    public void failNext(int count, Failure failure) {
        faults.failNext(count, failure);
    }

    /** The next {@code count} requests get no answer: the connection is closed on them. */
    public void dropNext(int count) {
        faults.dropNext(count, Target.any());
    }

    public void dropNext(int count, Target target) {
        faults.dropNext(count, target);
    }

    /** Delay before every answer. */
    public void latency(Duration delay) {
        faults.latency(delay);
    }

    /** Extra delay before answers under {@code pathPrefix}. */
    public void latency(String pathPrefix, Duration delay) {
        faults.latency(pathPrefix, delay);
    }

    /** REST calls per API key per fixed one-minute window; ilert's 120 by default, 0 for no limit. */
    public void rateLimitPerMinute(int limit) {
        faults.rateLimitPerMinute(limit);
    }

    /**
     * Events per integration key per fixed one-minute window (ilert's documented limit is 50), answered 429
     * without Retry-After as ilert does; 0, the default, for no limit.
     */
    public void eventRateLimitPerMinute(int limit) {
        faults.eventRateLimitPerMinute(limit);
    }

    @Override
    public void close() {
        holds.clear();
        server.stop(0);
        executor.shutdownNow();
    }

    // --- request handling ---------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            IncomingRequest request = read(exchange);
            if (request.path().startsWith(SimulatorControl.PREFIX)) {
                send(exchange, request, control.handle(request));
                return;
            }
            SimResponse response = answer(request);
            if (response == null) {
                record(request, 0);
                return; // closing the exchange before any header is sent drops the connection
            }
            // recorded before answering, so a client that has its answer can already see the record
            record(request, response.status());
            send(exchange, request, response);
        }
    }

    /** The answer to an ilert request, or null to drop the connection. */
    private SimResponse answer(IncomingRequest request) {
        List<String> problems = schema.check(request);
        if (!problems.isEmpty()) {
            state.addViolation(new SchemaViolation(request.method(), request.path(), problems));
        }
        holds.await(request);
        sleep(faults.latencyFor(request.path()));
        if (faults.takeDrop(request.method(), request.path())) {
            return null;
        }
        Optional<Failure> failure = faults.takeFailure(request.method(), request.path());
        if (failure.isPresent()) {
            Failure f = failure.get();
            SimResponse error = SimResponse.error(f.status(), "injected failure " + f.status());
            return f.retryAfter().map(v -> new SimResponse(error.status(), error.body(), java.util.Map.of("Retry-After", v)))
                    .orElse(error);
        }
        if (!problems.isEmpty()) {
            return SimResponse.of(400, Json.write(Json.object(
                    "status", 400, "message", "request does not match the ilert schema", "errors", problems)));
        }
        return eventsAndPings.handle(request)
                .or(() -> rest.handle(request))
                .orElseGet(() -> SimResponse.error(404, "no such ilert path: " + request.path()));
    }

    private static IncomingRequest read(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new IncomingRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
    }

    private static void send(HttpExchange exchange, IncomingRequest request, SimResponse response) throws IOException {
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        boolean noBody = bytes.length == 0 || request.method().equals("HEAD");
        if (!noBody) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : bytes.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private void record(IncomingRequest request, int status) {
        RecordedRequest recorded = new RecordedRequest(clock.instant(), request.method(), request.path(),
                request.rawQuery(), request.headers(), request.body(), status);
        state.addRequest(recorded);
        log.accept(recorded);
    }

    private static void sleep(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings for a new simulator. */
    public static final class Builder {
        private int port;
        private String apiKey = DEFAULT_API_KEY;
        private Clock clock = Clock.systemUTC();
        private SchemaCheck schema;
        private Consumer<RecordedRequest> log = r -> { };

        private Builder() {}

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The key REST calls must send as {@code Authorization: Bearer <key>}. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The clock for record times and rate-limit windows. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Called once per recorded request, e.g. to log it. */
        public Builder onRequest(Consumer<RecordedRequest> log) {
            this.log = log;
            return this;
        }

        /** Another OpenAPI document than the official one (a path to a YAML or JSON file). */
        public Builder schema(java.nio.file.Path openApi) {
            this.schema = SchemaCheck.fromFile(openApi);
            return this;
        }

        public IlertSimulator start() {
            try {
                return new IlertSimulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the ilert simulator", e);
            }
        }
    }
}
