package io.ilagent.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.ilagent.ilert.EscalationPolicy;
import io.ilagent.ilert.EscalationRule;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The REST part of ilert that ilagent uses: user lookup and escalation policies, Bearer-authenticated. */
final class RestApi {
    private static final Pattern POLICY = Pattern.compile("^/api/escalation-policies/(\\d+)$");
    private static final Pattern LEVEL = Pattern.compile("^/api/escalation-policies/(\\d+)/levels/(-?\\d+)$");

    private final SimulatorState state;
    private final Faults faults;
    private final String expectedAuthorization;

    RestApi(SimulatorState state, Faults faults, String apiKey) {
        this.state = state;
        this.faults = faults;
        this.expectedAuthorization = "Bearer " + apiKey;
    }

    static boolean isRest(String path) {
        return path.startsWith("/api/users") || path.startsWith("/api/escalation-policies");
    }

    Optional<SimResponse> handle(IncomingRequest request) {
        if (!isRest(request.path())) {
            return Optional.empty();
        }
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.equals(expectedAuthorization)) {
            return Optional.of(SimResponse.error(401, "missing or invalid API key"));
        }
        if (!faults.admit(authorization)) {
            // ilert sends no Retry-After on 429 (see ilert-cli), so neither does the simulator
            return Optional.of(SimResponse.error(429, "Too many requests"));
        }
        return Optional.of(route(request));
    }

    private SimResponse route(IncomingRequest request) {
        String method = request.method();
        String path = request.path();
        if (path.equals("/api/users/search-email")) {
            return method.equals("POST") ? searchEmail(request) : notAllowed();
        }
        if (path.equals("/api/escalation-policies/resolve")) {
            return method.equals("GET") ? resolve(request) : notAllowed();
        }
        Matcher policy = POLICY.matcher(path);
        if (policy.matches()) {
            return switch (method) {
                case "GET" -> getPolicy(Long.parseLong(policy.group(1)));
                case "PUT" -> putPolicy(Long.parseLong(policy.group(1)), request);
                default -> notAllowed();
            };
        }
        Matcher level = LEVEL.matcher(path);
        if (level.matches()) {
            return method.equals("PUT")
                    ? putLevel(Long.parseLong(level.group(1)), Integer.parseInt(level.group(2)), request)
                    : notAllowed();
        }
        return SimResponse.error(404, "the simulator does not implement " + method + " " + path);
    }

    private SimResponse searchEmail(IncomingRequest request) {
        Optional<JsonNode> body = parse(request.body());
        String email = body.map(b -> b.path("email").asText(null)).orElse(null);
        if (email == null) {
            return SimResponse.error(400, "email is required");
        }
        return state.userByEmail(email)
                .map(u -> SimResponse.of(200, Json.write(u)))
                .orElseGet(() -> SimResponse.error(404, "no user found with the given email address"));
    }

    private SimResponse resolve(IncomingRequest request) {
        String routingKey = request.queryParam("routing-key");
        if (routingKey == null || routingKey.isEmpty()) {
            return SimResponse.error(400, "routing-key is required");
        }
        return state.policyByRoutingKey(routingKey)
                .map(p -> SimResponse.of(200, Json.write(p)))
                .orElseGet(() -> SimResponse.error(404, "No escalation policy matched the provided routing key"));
    }

    private SimResponse getPolicy(long id) {
        return state.policy(id)
                .map(p -> SimResponse.of(200, Json.write(p)))
                .orElseGet(() -> SimResponse.error(404, "escalation policy " + id + " not found"));
    }

    /** Replaces the policy's name and levels; the simulator keeps no other policy field, and keeps the routing key. */
    private SimResponse putPolicy(long policyId, IncomingRequest request) {
        EscalationPolicy policy;
        try {
            policy = Json.read(request.body(), EscalationPolicy.class);
        } catch (UncheckedIOException e) {
            return SimResponse.error(400, "body is not an escalation policy");
        }
        if (policy == null || policy.name() == null) {
            return SimResponse.error(400, "body is not an escalation policy");
        }
        return state.replacePolicy(policyId, policy.name(), policy.escalationRules())
                .map(p -> SimResponse.of(200, Json.write(p)))
                .orElseGet(() -> SimResponse.error(404, "escalation policy " + policyId + " not found"));
    }

    private SimResponse putLevel(long policyId, int level, IncomingRequest request) {
        EscalationRule rule;
        try {
            rule = Json.read(request.body(), EscalationRule.class);
        } catch (UncheckedIOException e) {
            return SimResponse.error(400, "body is not an escalation rule");
        }
        if (rule == null) {
            return SimResponse.error(400, "body is not an escalation rule");
        }
        return switch (state.replaceLevel(policyId, level, rule)) {
            case REPLACED -> SimResponse.of(200, Json.write(rule));
            case NO_POLICY -> SimResponse.error(404, "escalation policy " + policyId + " not found");
            // The real answer is undocumented; what matters is that no level is ever created.
            case NO_LEVEL -> SimResponse.error(404, "escalation policy " + policyId + " has no level " + level);
        };
    }

    private static Optional<JsonNode> parse(String body) {
        try {
            return Optional.ofNullable(Json.read(body));
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static SimResponse notAllowed() {
        return SimResponse.error(405, "method not allowed");
    }
}
