package io.ilagent.policy;

import io.ilagent.ilert.CallBudget;
import io.ilagent.ilert.EscalationPolicy;
import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One fresh read of a policy, shared by the updates of its routing key that the agent took before the read
 * started: at a shift change the levels of one policy cost one resolve, not one each. Never a long-lived copy:
 * an update taken after the last read started gets a new read, so an admin's change made before the update
 * arrived (a level's timeout, say) is seen and kept, and no read is shared for longer than {@link #FRESH}. The agent's own level PUTs are applied to the shared copy,
 * so the next level compares against what ilert now holds. A read held by the call budget or the rate limit
 * (not sent) holds the other levels of the policy until the same time, so that they come back together and
 * share the read then, instead of each booking a slot of its own and coming back one after the other.
 */
final class PolicyReads {
    private static final Duration KEPT = Duration.ofMinutes(10);
    /** A shared read is used for at most this long, however early its updates were taken: no long-lived copy. */
    static final Duration FRESH = Duration.ofSeconds(30);
    private static final int PRUNE_ABOVE = 1_000;

    /** @param heldUntil when the read was held by the rate limit or the call budget (nothing sent): until when, else null */
    private record Read(Instant startedAt, CompletableFuture<Outcome<EscalationPolicy>> result, Instant heldUntil) {
        Read(Instant startedAt, CompletableFuture<Outcome<EscalationPolicy>> result) {
            this(startedAt, result, null);
        }
    }

    private final IlertClient ilert;
    private final Clock clock;
    private final Map<String, Read> latest = new ConcurrentHashMap<>();

    PolicyReads(IlertClient ilert, Clock clock) {
        this.ilert = ilert;
        this.clock = clock;
    }

    /** The policy as read after {@code takenAt}: a shared read when one started since, else a new one. */
    Outcome<EscalationPolicy> read(String routingKey, Instant takenAt, CallBudget.Turn turn) {
        while (true) {
            Read current = latest.get(routingKey);
            Instant now = clock.instant();
            if (current != null && current.heldUntil() != null && now.isBefore(current.heldUntil())) {
                // The read was held a moment ago: asking again would only book another slot of the call budget.
                // So the levels of the policy come back together, at the time the read was told, and share it then.
                Outcome.RetryLater<EscalationPolicy> held = (Outcome.RetryLater<EscalationPolicy>) current.result().join();
                return Outcome.RetryLater.held(held.reason(), Duration.between(now, current.heldUntil()));
            }
            if (current != null && current.heldUntil() == null && !current.startedAt().isBefore(takenAt)
                    && !current.startedAt().isBefore(now.minus(FRESH))) {
                return current.result().join();
            }
            Read mine = new Read(clock.instant(), new CompletableFuture<>());
            boolean leader = current == null ? latest.putIfAbsent(routingKey, mine) == null
                    : latest.replace(routingKey, current, mine);
            if (leader) {
                return lead(routingKey, mine, turn);
            }
        }
    }

    private Outcome<EscalationPolicy> lead(String routingKey, Read mine, CallBudget.Turn turn) {
        try {
            Outcome<EscalationPolicy> outcome = ilert.resolvePolicy(routingKey, turn);
            mine.result().complete(outcome);
            if (outcome instanceof Outcome.RetryLater<EscalationPolicy> r && r.held() && r.retryAfter().isPresent()) {
                // in whole milliseconds, as the outbox keeps the time to come back: the levels then come back as
                // the read's hold ends, not a fraction of a millisecond before it
                Instant until = clock.instant().plus(r.retryAfter().get()).truncatedTo(ChronoUnit.MILLIS);
                latest.replace(routingKey, mine, new Read(mine.startedAt(), mine.result(), until));
            } else if (!(outcome instanceof Outcome.Success<EscalationPolicy>)) {
                latest.remove(routingKey, mine); // a failure is shared by those waiting for it, never reused later
            }
            prune();
            return outcome;
        } catch (RuntimeException e) {
            mine.result().completeExceptionally(e);
            latest.remove(routingKey, mine);
            throw e;
        }
    }

    /** The agent put {@code rule} on {@code level}: readers of the same read see it from now on. */
    void levelUpdated(String routingKey, int level, EscalationRule rule) {
        latest.computeIfPresent(routingKey, (key, read) -> {
            if (!read.result().isDone() || !(read.result().join() instanceof Outcome.Success<EscalationPolicy> ok)
                    || level >= ok.value().escalationRules().size()) {
                return read;
            }
            EscalationPolicy policy = ok.value();
            List<EscalationRule> rules = new ArrayList<>(policy.escalationRules());
            rules.set(level, rule);
            EscalationPolicy updated = new EscalationPolicy(policy.id(), policy.name(), policy.routingKey(), rules);
            return new Read(read.startedAt(), CompletableFuture.completedFuture(
                    new Outcome.Success<>(updated, ok.status())));
        });
    }

    private void prune() {
        if (latest.size() > PRUNE_ABOVE) {
            Instant oldest = clock.instant().minus(KEPT);
            latest.values().removeIf(read -> read.startedAt().isBefore(oldest));
        }
    }
}
