package io.ilagent.policy;

import io.ilagent.ilert.CallBudget;
import io.ilagent.ilert.EscalationPolicy;
import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.Outcome;
import io.ilagent.ilert.User;
import io.ilagent.policy.SyncResult.Stage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Puts one user on one level of the escalation policy a routing key resolves to: user by email
 * (cached), policy by routing key, then a PUT of that level with only its users replaced; levels of one policy
 * changed at the same time go in one PUT of the policy ({@link PolicyWrites}). A level the policy does not have
 * is never created, and a level that already holds exactly that user gets no PUT. Steady state: two ilert calls
 * per effective update, one per no-op; at a shift change about one read and one write per policy.
 */
public final class PolicySync {
    private final IlertClient ilert;
    private final UserCache users;
    private final boolean dryRun;
    private final Clock clock;
    private final PolicyReads reads;
    private final PolicyWrites writes;
    private final UserSearches searches;

    public PolicySync(IlertClient ilert, UserCache users, boolean dryRun) {
        this(ilert, users, dryRun, Clock.systemUTC());
    }

    public PolicySync(IlertClient ilert, UserCache users, boolean dryRun, Clock clock) {
        this.ilert = ilert;
        this.users = users;
        this.dryRun = dryRun;
        this.clock = clock;
        this.reads = new PolicyReads(ilert, clock);
        this.writes = new PolicyWrites(ilert, reads, clock);
        this.searches = new UserSearches(ilert);
    }

    /** Applies an update taken now: the policy is read afresh. */
    public SyncResult apply(String routingKey, String email, int level) {
        return apply(routingKey, email, level, clock.instant());
    }

    /**
     * Applies an update that the agent took from its source at {@code takenAt}: a read of the policy started
     * since then (by an update of another level of the same policy) is fresh enough and shared, so the levels
     * of one policy updated together cost one resolve.
     */
    public SyncResult apply(String routingKey, String email, int level, Instant takenAt) {
        Optional<Duration> held = reads.heldFor(routingKey);
        if (held.isPresent()) {
            return new SyncResult.RetryLater(Stage.RESOLVE_POLICY, PolicyReads.heldBehindAnother(held.get()));
        }
        UserLookup lookup = resolveUser(email);
        if (lookup instanceof UserLookup.Problem problem) {
            if (problem.result() instanceof SyncResult.RetryLater r && r.held() && r.retryAfter().isPresent()) {
                reads.held(routingKey, r.retryAfter().get()); // the other updates of the policy wait with it
            }
            return problem.result();
        }
        UserLookup.Found userFound = (UserLookup.Found) lookup;
        // Joined after the user lookup, before the read: the levels of a policy wait for each other only while
        // their shared read is made, never for another level's user search.
        PolicyWrites.Ticket ticket = writes.join(routingKey);
        try {
            // After a user search the lookup continues that work: holding it would waste the search when the
            // user cache is off, and again at every try (the call budget would never let the update through).
            Outcome<PolicyReads.Fresh> resolved = reads.read(routingKey, takenAt,
                    userFound.searched() ? CallBudget.Turn.NEXT : CallBudget.Turn.FIRST);
            if (!(resolved instanceof Outcome.Success<PolicyReads.Fresh> found)) {
                return policyProblem(resolved, routingKey);
            }
            return updateLevel(ticket, found.value(), routingKey, level, userFound.user(), email);
        } finally {
            if (!ticket.submitted()) {
                writes.leave(ticket);
            }
        }
    }

    private SyncResult updateLevel(PolicyWrites.Ticket ticket, PolicyReads.Fresh read, String routingKey, int level,
                                   User user, String email) {
        EscalationPolicy policy = read.policy();
        long policyId = policy.id();
        List<EscalationRule> rules = policy.escalationRules();
        if (level >= rules.size()) {
            return new SyncResult.Rejected(Stage.CHECK_LEVEL, "escalation policy '" + policy.name() + "' (id " + policyId
                    + ") has " + rules.size() + " level" + (rules.size() == 1 ? "" : "s")
                    + (rules.isEmpty() ? "" : " (0 to " + (rules.size() - 1) + ")")
                    + "; level " + level + " does not exist and is never created");
        }
        EscalationRule current = rules.get(level);
        List<UserRel> previous = current.users() == null ? List.of() : current.users();
        if (previous.size() == 1 && previous.getFirst().id() == user.id()) {
            return new SyncResult.NoOp(policyId, policy.name(), level, user.id());
        }
        if (dryRun) {
            return new SyncResult.WouldApply(policyId, policy.name(), level, previous, user.id());
        }
        Outcome<Void> put = writes.submit(ticket, new PolicyWrites.Change(level, user.id(), read));
        return switch (put) {
            case Outcome.Success<Void> ok -> new SyncResult.Applied(policyId, policy.name(), level, previous, user.id());
            case Outcome.RetryLater<Void> r -> new SyncResult.RetryLater(Stage.UPDATE_LEVEL, r);
            case Outcome.Failed<Void> f -> {
                if (f.status() == 400 || f.status() == 404) {
                    // ilert refused the user id we sent; the cached answer may be stale.
                    users.forget(email);
                }
                yield new SyncResult.Rejected(Stage.UPDATE_LEVEL, f.status() == 403
                        ? "the API key's user may not edit escalation policy '" + policy.name() + "' (id " + policyId + "): "
                        + f.reason()
                        : f.reason());
            }
        };
    }

    private sealed interface UserLookup {
        /** {@code searched}: ilert was asked just now, the user was not in the cache. */
        record Found(User user, boolean searched) implements UserLookup {}

        record Problem(SyncResult result) implements UserLookup {}
    }

    private UserLookup resolveUser(String email) {
        Optional<UserCache.Cached> cached = users.get(email);
        if (cached.isPresent()) {
            return cached.get().user().<UserLookup>map(u -> new UserLookup.Found(u, false))
                    .orElseGet(() -> new UserLookup.Problem(unknownUser(email)));
        }
        UserSearches.Answer answer = searches.search(email);
        return switch (answer.outcome()) {
            case Outcome.Success<User> s when s.value().id() != null -> {
                users.found(email, s.value());
                yield new UserLookup.Found(s.value(), answer.searched());
            }
            case Outcome.Success<User> s -> new UserLookup.Problem(new SyncResult.Rejected(Stage.RESOLVE_USER,
                    "user search: ilert answered HTTP " + s.status() + " without a user id"));
            case Outcome.RetryLater<User> r -> new UserLookup.Problem(
                    new SyncResult.RetryLater(Stage.RESOLVE_USER, r));
            case Outcome.Failed<User> f when f.status() == 404 -> {
                users.notFound(email);
                yield new UserLookup.Problem(unknownUser(email));
            }
            case Outcome.Failed<User> f -> new UserLookup.Problem(new SyncResult.Rejected(Stage.RESOLVE_USER,
                    f.status() == 401 || f.status() == 403
                            ? "ILERT_API_KEY was refused (HTTP " + f.status() + "); it needs a user API key that may read users"
                            : f.reason()));
        };
    }

    private static SyncResult unknownUser(String email) {
        return new SyncResult.Rejected(Stage.RESOLVE_USER, "no ilert user has the email " + email);
    }

    private static SyncResult policyProblem(Outcome<PolicyReads.Fresh> outcome, String routingKey) {
        return switch (outcome) {
            case Outcome.Success<PolicyReads.Fresh> s -> throw new IllegalStateException("not a problem");
            case Outcome.RetryLater<PolicyReads.Fresh> r -> new SyncResult.RetryLater(Stage.RESOLVE_POLICY, r);
            case Outcome.Failed<PolicyReads.Fresh> f -> new SyncResult.Rejected(Stage.RESOLVE_POLICY, switch (f.status()) {
                case 404 -> "no escalation policy has the routing key '" + routingKey + "'";
                case 403 -> "the API key's user may not access the escalation policy of routing key '" + routingKey + "'";
                case 401 -> "ILERT_API_KEY was refused (HTTP 401)";
                default -> f.reason();
            });
        };
    }
}
