package io.ilagent.policy;

import io.ilagent.delivery.DeliveryResult;
import io.ilagent.delivery.PolicyUpdatePayload;
import io.ilagent.ilert.EscalationPolicy;
import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.Outcome;
import io.ilagent.ilert.RateLimitGate.Sleeper;
import io.ilagent.policy.PolicyAudit.Assignment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Compares each level the agent set (its latest history row is APPLIED or NO_OP) with the users ilert
 * holds on it now, one policy lookup per routing key, and records a DRIFT row for a level found changed
 * (once per change, not at every check). {@link #repair} puts the agent's user back through the same
 * path as an update, so the level lock and the history's staleness check apply: a repair can never
 * overwrite a newer update that was applied meanwhile.
 */
public final class DriftCheck {
    /** How long a call may be held for the rate limit before the level counts as not checked. */
    private static final Duration MAX_HELD = Duration.ofMinutes(5);

    /** Applies one update as the daemon does ({@code PolicyUpdateHandler.apply}). */
    @FunctionalInterface
    public interface Applier {
        DeliveryResult apply(PolicyUpdatePayload update);
    }

    /** What the check found for one level. */
    public sealed interface Finding {
        Assignment expected();

        /** One line: routing key, policy, level, expected and found. */
        default String describe() {
            Assignment a = expected();
            String level = "routing key '" + a.routingKey() + "', ";
            String user = a.email() + " (user " + a.userId() + ")";
            return switch (this) {
                case InPlace p -> level + "level " + a.level() + ": holds " + user + " as the agent set it";
                case Drifted d -> level + "policy '" + d.policyName() + "' (id " + d.policyId() + "), level " + a.level()
                        + ": expected " + user + ", found " + d.found().stream().map(u -> "user " + u.id()).toList();
                case Unchecked u -> level + "level " + a.level() + ": not checked, " + u.reason();
            };
        }

        /** The level holds exactly the agent's user. */
        record InPlace(Assignment expected) implements Finding {}

        /** The level holds {@code found} instead; {@code reportedBefore} when an earlier check recorded the same. */
        record Drifted(Assignment expected, long policyId, String policyName, List<UserRel> found, boolean reportedBefore)
                implements Finding {}

        /** Not checked: {@code temporary} when ilert could not be reached or asked to wait. */
        record Unchecked(Assignment expected, String reason, boolean temporary) implements Finding {}
    }

    private final IlertClient ilert;
    private final PolicyAudit audit;
    private final Applier applier;
    private final Sleeper sleeper;

    public DriftCheck(IlertClient ilert, PolicyAudit audit, Applier applier) {
        this(ilert, audit, applier, Sleeper.REAL);
    }

    public DriftCheck(IlertClient ilert, PolicyAudit audit, Applier applier, Sleeper sleeper) {
        this.ilert = ilert;
        this.audit = audit;
        this.applier = applier;
        this.sleeper = sleeper;
    }

    /** Checks every level the agent set; throws InterruptedException when stopped while held for the rate limit. */
    public List<Finding> check() throws InterruptedException {
        Map<String, List<Assignment>> byRoutingKey = new LinkedHashMap<>();
        audit.assignments().forEach(a -> byRoutingKey.computeIfAbsent(a.routingKey(), k -> new ArrayList<>()).add(a));
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, List<Assignment>> key : byRoutingKey.entrySet()) {
            Outcome<EscalationPolicy> resolved = whenAllowed(() -> ilert.resolvePolicy(key.getKey()));
            for (Assignment a : key.getValue()) {
                finding(resolved, a).ifPresent(findings::add);
            }
        }
        return findings;
    }

    private Optional<Finding> finding(Outcome<EscalationPolicy> resolved, Assignment a) {
        return switch (resolved) {
            case Outcome.Success<EscalationPolicy> s -> compare(s.value(), a);
            case Outcome.RetryLater<EscalationPolicy> r -> Optional.of(new Finding.Unchecked(a, r.reason(), true));
            case Outcome.Failed<EscalationPolicy> f -> Optional.of(new Finding.Unchecked(a, f.status() == 404
                    ? "no escalation policy has the routing key '" + a.routingKey() + "' any more" : f.reason(), false));
        };
    }

    private Optional<Finding> compare(EscalationPolicy policy, Assignment a) {
        List<EscalationRule> rules = policy.escalationRules();
        if (a.level() >= rules.size()) {
            return Optional.of(new Finding.Unchecked(a, "escalation policy '" + policy.name() + "' (id " + policy.id()
                    + ") has no level " + a.level() + " any more", false));
        }
        List<UserRel> found = rules.get(a.level()).users() == null ? List.of() : rules.get(a.level()).users();
        if (found.size() == 1 && found.getFirst().id() == a.userId()) {
            return Optional.of(new Finding.InPlace(a));
        }
        if (!audit.isLatest(a)) {
            return Optional.empty(); // an update of this level was applied while we looked: nothing to compare
        }
        String text = audit.usersText(found);
        boolean reportedBefore = audit.driftReported(a).filter(text::equals).isPresent();
        if (!reportedBefore) {
            audit.recordDrift(a, policy.id(), found, "ilert holds " + text + " on this level, not user " + a.userId()
                    + " whom the agent put there");
        }
        return Optional.of(new Finding.Drifted(a, policy.id(), policy.name(), List.copyOf(found), reportedBefore));
    }

    /**
     * Puts the agent's user back on a drifted level, as an update of the message that put it there: it keeps
     * the level's timeout and is recorded in the history (message id {@value PolicyAudit#DRIFT_CHECK}).
     */
    public DeliveryResult repair(Finding.Drifted drifted) throws InterruptedException {
        Assignment a = drifted.expected();
        PolicyUpdatePayload update = new PolicyUpdatePayload(a.routingKey(), a.email(), a.level(), PolicyAudit.DRIFT_CHECK,
                a.messageTime().toString());
        Duration heldFor = Duration.ZERO;
        while (true) {
            DeliveryResult result = applier.apply(update);
            if (!(result instanceof DeliveryResult.RetryLater r) || !r.held() || heldFor.compareTo(MAX_HELD) >= 0) {
                return result;
            }
            Duration wait = r.retryAfter().orElse(Duration.ofSeconds(1));
            sleeper.sleep(wait);
            heldFor = heldFor.plus(wait);
        }
    }

    /** A call that was held for the rate limit is made again when it may go; it was never sent. */
    private <T> Outcome<T> whenAllowed(Supplier<Outcome<T>> call) throws InterruptedException {
        Duration heldFor = Duration.ZERO;
        while (true) {
            Outcome<T> outcome = call.get();
            if (!(outcome instanceof Outcome.RetryLater<T> r) || !r.held() || heldFor.compareTo(MAX_HELD) >= 0) {
                return outcome;
            }
            Duration wait = r.retryAfter().orElse(Duration.ofSeconds(1));
            sleeper.sleep(wait);
            heldFor = heldFor.plus(wait);
        }
    }
}
