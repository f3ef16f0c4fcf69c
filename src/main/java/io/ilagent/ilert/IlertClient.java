package io.ilagent.ilert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Every call the agent makes to ilert, over the JDK's HttpClient. Each method returns an
 * {@link Outcome} decided by {@link ResponseClassifier}; none throws for an HTTP or network failure.
 * The API key is sent only on the REST calls that need it (users, escalation policies). Every call
 * passes the client's {@link RateLimitGate} first: while its bucket is closed after a 429, or its call
 * budget is used up, the call is not sent and comes back as a held {@link Outcome.RetryLater}.
 */
public final class IlertClient implements AutoCloseable {
    /** Heartbeat keys of this prefix belong to the legacy heartbeat API on the main host. */
    static final String LEGACY_HEARTBEAT_PREFIX = "il1hbt";

    private final HttpClients http;
    private final IlertEndpoints endpoints;
    private final Optional<ApiKey> apiKey;
    private final String userAgent;
    private final Supplier<ObjectMapper> json;
    private final ResponseClassifier classifier;
    private final CallObserver observer;
    private final RateLimitGate gate;

    public IlertClient(HttpClient http, IlertEndpoints endpoints, Optional<ApiKey> apiKey, String userAgent,
                       ObjectMapper json, Clock clock) {
        this(http, endpoints, apiKey, userAgent, json, clock, CallObserver.NONE);
    }

    public IlertClient(HttpClient http, IlertEndpoints endpoints, Optional<ApiKey> apiKey, String userAgent,
                       ObjectMapper json, Clock clock, CallObserver observer) {
        this(http, endpoints, apiKey, userAgent, json, clock, observer,
                new RateLimitGate(clock, new SplittableRandom(), RateLimitObserver.NONE));
    }

    /** @param gate the rate-limit state of this client's API key and of the keys it sends events and pings with */
    public IlertClient(HttpClient http, IlertEndpoints endpoints, Optional<ApiKey> apiKey, String userAgent,
                       ObjectMapper json, Clock clock, CallObserver observer, RateLimitGate gate) {
        this(HttpClients.of(http), endpoints, apiKey, userAgent, () -> json, clock, observer, gate);
    }

    private IlertClient(HttpClients http, IlertEndpoints endpoints, Optional<ApiKey> apiKey, String userAgent,
                        Supplier<ObjectMapper> json, Clock clock, CallObserver observer, RateLimitGate gate) {
        this.observer = observer;
        this.gate = gate;
        this.http = http;
        this.endpoints = endpoints;
        this.apiKey = apiKey;
        this.userAgent = userAgent;
        this.json = json;
        this.classifier = new ResponseClassifier(json, clock);
    }

    /** A client with its own HttpClients ({@link HttpClients#onDemand}): HTTP/1.1, no redirects, the endpoints' connect timeout. */
    public static IlertClient create(IlertEndpoints endpoints, Optional<ApiKey> apiKey, String userAgent) {
        return create(endpoints, apiKey, userAgent, CallObserver.NONE);
    }

    /** As {@link #create(IlertEndpoints, Optional, String)}, telling {@code observer} about every answer. */
    public static IlertClient create(IlertEndpoints endpoints, Optional<ApiKey> apiKey, String userAgent,
                                     CallObserver observer) {
        return create(endpoints, apiKey, userAgent, observer,
                new RateLimitGate(Clock.systemUTC(), new SplittableRandom(), RateLimitObserver.NONE));
    }

    /** As {@link #create(IlertEndpoints, Optional, String, CallObserver)}, with the given rate-limit gate. */
    public static IlertClient create(IlertEndpoints endpoints, Optional<ApiKey> apiKey, String userAgent,
                                     CallObserver observer, RateLimitGate gate) {
        return new IlertClient(HttpClients.onDemand(endpoints.connectTimeout()), endpoints, apiKey, userAgent,
                () -> SharedMapper.INSTANCE, Clock.systemUTC(), observer, gate);
    }

    /**
     * The ObjectMapper of the clients {@link #create} makes, built on first use: sending an event or a ping needs
     * none (see {@link EventJson}), so the one-shot {@code event} and {@code heartbeat} never build one unless
     * ilert answers with an error body to read. It holds no per-client settings, so the clients share it.
     */
    private static final class SharedMapper {
        static final ObjectMapper INSTANCE = new ObjectMapper();
    }

    public boolean hasApiKey() {
        return apiKey.isPresent();
    }

    /** E1-E3: POST the event to the Events API or to the MQTT / Kafka alert-source endpoint. */
    public Outcome<Void> sendEvent(Event event, EventChannel channel) {
        return send("events", "event", RateLimitBucket.events(event.integrationKey()), CallBudget.Turn.FIRST, request(endpoints.api(channel.path(event.integrationKey())), false)
                .POST(jsonBody(event)).build(), Void.class);
    }

    /** H1/H2: legacy {@code il1hbt} keys go to {@code GET /api/heartbeats/{key}}, others to {@code HEAD beat/api/pings/{key}}. */
    public Outcome<Void> pingHeartbeat(String key) {
        String segment = EventChannel.segment(key);
        HttpRequest request = key.startsWith(LEGACY_HEARTBEAT_PREFIX)
                ? request(endpoints.api("/heartbeats/" + segment), false).GET().build()
                : request(endpoints.beat("/pings/" + segment), false).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        return send("pings", "heartbeat ping", RateLimitBucket.heartbeats(key), CallBudget.Turn.FIRST, request, Void.class);
    }

    /** P1: {@code POST /api/users/search-email}. */
    public Outcome<User> findUserByEmail(String email) {
        return send("users_search", "user search", RateLimitBucket.REST, CallBudget.Turn.FIRST, request(endpoints.api("/users/search-email"), true)
                .POST(jsonBody(Map.of("email", email))).build(), User.class);
    }

    /** P2: {@code GET /api/escalation-policies/resolve?routing-key=}. */
    public Outcome<EscalationPolicy> resolvePolicy(String routingKey) {
        return resolvePolicy(routingKey, CallBudget.Turn.FIRST);
    }

    /** P2, as the {@code turn} call of a piece of work: NEXT after a user search whose answer it needs. */
    public Outcome<EscalationPolicy> resolvePolicy(String routingKey, CallBudget.Turn turn) {
        Outcome<PolicyDocument> read = resolvePolicyDocument(routingKey, turn);
        return read instanceof Outcome.Success<PolicyDocument> ok
                ? new Outcome.Success<>(ok.value().policy(), ok.status()) : read.castFailure();
    }

    /** P2, keeping the document ilert sent, for a later {@link #updatePolicy}. */
    public Outcome<PolicyDocument> resolvePolicyDocument(String routingKey, CallBudget.Turn turn) {
        String query = "?routing-key=" + URLEncoder.encode(routingKey, StandardCharsets.UTF_8);
        Outcome<ObjectNode> read = send("policy_resolve", "escalation policy resolve", RateLimitBucket.REST, turn,
                request(endpoints.api("/escalation-policies/resolve" + query), true).GET().build(), ObjectNode.class);
        if (!(read instanceof Outcome.Success<ObjectNode> ok)) {
            return read.castFailure();
        }
        try {
            return new Outcome.Success<>(new PolicyDocument(json.get().treeToValue(ok.value(), EscalationPolicy.class), ok.value()),
                    ok.status());
        } catch (JsonProcessingException e) {
            return new Outcome.Failed<>("escalation policy resolve: ilert answered HTTP " + ok.status()
                    + " with a body that is not an EscalationPolicy", ok.status());
        }
    }

    /** {@code GET /api/escalation-policies/{id}}. */
    public Outcome<EscalationPolicy> getPolicy(long policyId) {
        return send("policy_read", "escalation policy read", RateLimitBucket.REST, CallBudget.Turn.FIRST, request(endpoints.api("/escalation-policies/" + policyId), true)
                .GET().build(), EscalationPolicy.class);
    }

    /**
     * P3: {@code PUT /api/escalation-policies/{id}/levels/{level}} with the whole rule. It follows the policy
     * read it is built on, so it may wait a little for the call budget rather than waste that read.
     */
    public Outcome<EscalationRule> updateLevel(long policyId, int level, EscalationRule rule) {
        return send("level_update", "escalation level update", RateLimitBucket.REST, CallBudget.Turn.NEXT,
                request(endpoints.api("/escalation-policies/" + policyId + "/levels/" + level), true)
                        .PUT(jsonBody(rule)).build(), EscalationRule.class);
    }

    /**
     * {@code PUT /api/escalation-policies/{id}} with the whole policy document: the levels of one policy changed
     * together in one call instead of one call per level. Like a level's PUT it follows the read it is built on.
     */
    public Outcome<Void> updatePolicy(long policyId, ObjectNode document) {
        return send("policy_update", "escalation policy update", RateLimitBucket.REST, CallBudget.Turn.NEXT,
                request(endpoints.api("/escalation-policies/" + policyId), true).PUT(jsonBody(document)).build(), Void.class);
    }

    private HttpRequest.Builder request(URI uri, boolean authenticated) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(endpoints.requestTimeout())
                .header("User-Agent", userAgent)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json");
        if (authenticated) {
            apiKey.ifPresent(key -> b.header("Authorization", key.authorizationHeader()));
        }
        return b;
    }

    private HttpRequest.BodyPublisher jsonBody(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(body instanceof Event event
                    ? EventJson.bytes(event, json) : json.get().writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }

    /**
     * @param endpoint fixed metric name of the call; {@code call} its readable name for messages
     * @param bucket   the rate limit the call counts against
     * @param turn     whether the call starts a piece of work or continues one (for the call budget)
     */
    private <T> Outcome<T> send(String endpoint, String call, RateLimitBucket bucket, CallBudget.Turn turn,
                                HttpRequest request, Class<T> type) {
        RateLimitGate.Entry entry;
        try {
            entry = gate.enter(bucket, turn);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.RetryLater<>(call + ": interrupted", 0, Optional.empty());
        }
        if (entry instanceof RateLimitGate.Entry.Held held) {
            return Outcome.RetryLater.held(call + ": not sent, ilert's rate limit for " + bucket.kind().description()
                    + " was reached; next try in " + held.reopensIn().toSeconds() + " s", held.reopensIn());
        }
        if (entry instanceof RateLimitGate.Entry.OverBudget over) {
            return Outcome.RetryLater.held(call + ": not sent yet, the budget for " + bucket.kind().description()
                    + " per minute is used up; next try in " + over.freesIn().toMillis() + " ms", over.freesIn());
        }
        RateLimitGate.Ticket ticket = ((RateLimitGate.Entry.Go) entry).ticket();
        Outcome<T> outcome = null;
        Optional<Duration> reopensIn = Optional.empty();
        try {
            outcome = send(call, request, type);
        } finally {
            // also when send threw, so that a probe's bucket is never left closed for good
            reopensIn = gate.answered(ticket, outcome == null ? 0 : status(outcome),
                    outcome instanceof Outcome.RetryLater<T> r ? r.retryAfter() : Optional.empty());
        }
        observer.answered(endpoint, status(outcome));
        if (outcome instanceof Outcome.RetryLater<T> r && reopensIn.isPresent()) {
            // come back when the bucket reopens, not after the item's own (short) backoff
            return new Outcome.RetryLater<>(r.reason(), r.status(), reopensIn);
        }
        return outcome;
    }

    private static int status(Outcome<?> outcome) {
        return switch (outcome) {
            case Outcome.Success<?> s -> s.status();
            case Outcome.RetryLater<?> r -> r.status();
            case Outcome.Failed<?> f -> f.status();
        };
    }

    private <T> Outcome<T> send(String call, HttpRequest request, Class<T> type) {
        HttpResponse<String> response;
        try {
            response = http.forUri(request.uri()).send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return classifier.classify(call, request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.RetryLater<>(call + ": interrupted", 0, Optional.empty());
        }
        Outcome<T> outcome = classifier.classify(call, response.statusCode(), response.body(), response.headers());
        if (!(outcome instanceof Outcome.Success<T>) || type == Void.class) {
            return outcome;
        }
        return parse(call, response, type);
    }

    private <T> Outcome<T> parse(String call, HttpResponse<String> response, Class<T> type) {
        try {
            T value = json.get().readValue(response.body(), type);
            if (value == null) {
                return new Outcome.Failed<>(call + ": ilert answered HTTP " + response.statusCode() + " with no body",
                        response.statusCode());
            }
            return new Outcome.Success<>(value, response.statusCode());
        } catch (IOException e) {
            return new Outcome.Failed<>(call + ": ilert answered HTTP " + response.statusCode()
                    + " with a body that is not " + (type == ObjectNode.class ? "a JSON object" : "a " + type.getSimpleName()),
                    response.statusCode());
        }
    }

    /**
     * Stops the selector threads of the client's HttpClients. A JVM that exits while that thread waits in native code
     * spends up to 300 ms waiting for it, which one-shot commands would feel.
     */
    @Override
    public void close() {
        http.close();
    }
}
