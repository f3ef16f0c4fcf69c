package io.ilagent.sim;

import io.ilagent.ilert.EscalationPolicy;
import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the fake ilert knows and has seen. One lock guards it all: the simulator is for
 * tests and trials, so simple and obviously correct beats fast.
 */
final class SimulatorState {
    private static final long FIRST_USER_ID = 1001;
    private static final long FIRST_POLICY_ID = 5001;

    private final Map<Long, User> users = new LinkedHashMap<>();
    private final Map<Long, EscalationPolicy> policies = new LinkedHashMap<>();
    private final List<ReceivedEvent> events = new ArrayList<>();
    private final List<ReceivedPing> pings = new ArrayList<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<SchemaViolation> violations = new ArrayList<>();
    private long nextUserId = FIRST_USER_ID;
    private long nextPolicyId = FIRST_POLICY_ID;

    synchronized long addUser(String email, String firstName, String lastName) {
        long id = nextUserId++;
        users.put(id, new User(id, email, firstName, lastName));
        return id;
    }

    synchronized long addPolicy(String name, String routingKey, List<EscalationRule> rules) {
        long id = nextPolicyId++;
        policies.put(id, new EscalationPolicy(id, name, routingKey, rules));
        return id;
    }

    /** ilert compares e-mail addresses without regard to case. */
    synchronized Optional<User> userByEmail(String email) {
        return users.values().stream()
                .filter(u -> u.email().toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    synchronized List<User> users() {
        return List.copyOf(users.values());
    }

    synchronized Optional<EscalationPolicy> policy(long id) {
        return Optional.ofNullable(policies.get(id));
    }

    synchronized Optional<EscalationPolicy> policyByRoutingKey(String routingKey) {
        return policies.values().stream().filter(p -> routingKey.equals(p.routingKey())).findFirst();
    }

    synchronized List<EscalationPolicy> policies() {
        return List.copyOf(policies.values());
    }

    /** Replaces an existing level; never creates one. */
    synchronized LevelUpdate replaceLevel(long policyId, int level, EscalationRule rule) {
        EscalationPolicy policy = policies.get(policyId);
        if (policy == null) {
            return LevelUpdate.NO_POLICY;
        }
        if (level < 0 || level >= policy.escalationRules().size()) {
            return LevelUpdate.NO_LEVEL;
        }
        List<EscalationRule> rules = new ArrayList<>(policy.escalationRules());
        rules.set(level, rule);
        policies.put(policyId, new EscalationPolicy(policy.id(), policy.name(), policy.routingKey(), rules));
        return LevelUpdate.REPLACED;
    }

    enum LevelUpdate { REPLACED, NO_POLICY, NO_LEVEL }

    /** A whole policy's PUT: its name and levels as sent (ilert lets a policy's PUT add or drop levels). */
    synchronized Optional<EscalationPolicy> replacePolicy(long policyId, String name, List<EscalationRule> rules) {
        EscalationPolicy policy = policies.get(policyId);
        if (policy == null) {
            return Optional.empty();
        }
        EscalationPolicy replaced = new EscalationPolicy(policy.id(), name, policy.routingKey(), rules);
        policies.put(policyId, replaced);
        return Optional.of(replaced);
    }

    synchronized void addEvent(ReceivedEvent event) {
        events.add(event);
    }

    synchronized List<ReceivedEvent> events() {
        return List.copyOf(events);
    }

    synchronized void addPing(ReceivedPing ping) {
        pings.add(ping);
    }

    synchronized List<ReceivedPing> pings() {
        return List.copyOf(pings);
    }

    synchronized void addRequest(RecordedRequest request) {
        requests.add(request);
    }

    synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    synchronized void addViolation(SchemaViolation violation) {
        violations.add(violation);
    }

    synchronized List<SchemaViolation> violations() {
        return List.copyOf(violations);
    }

    /** Forgets everything, seeds included; ids start again from the beginning. */
    synchronized void reset() {
        users.clear();
        policies.clear();
        events.clear();
        pings.clear();
        requests.clear();
        violations.clear();
        nextUserId = FIRST_USER_ID;
        nextPolicyId = FIRST_POLICY_ID;
    }
}
