package io.ilagent.policy;

import io.ilagent.ilert.CallBudget;
import io.ilagent.ilert.EscalationPolicy;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.PolicyDocument;
import io.ilagent.ilert.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One fresh read of a policy, shared by the updates of its routing key that the agent took before the read
 * started: at a shift change the levels of one policy cost one resolve, not one each. Never a long-lived copy:
 * an update taken after the last read started gets a new read, so an admin's change made before the update
 * arrived (a level's timeout, say) is seen and kept, and no read is shared for longer than {@link #FRESH}. The agent's own level PUTs are applied to the shared copy,
 * so the next level compares against what ilert now holds. A call held by the call budget or the rate limit
 * (not sent) for one update holds the other updates of the policy until the same time ({@link #heldFor}), so
 * that they come back together and share the read then, instead of each booking a slot of its own.
 */
final class PolicyReads {
    private static final Duration KEPT = Duration.ofMinutes(10);
    /** A shared read is used for at most this long, however early its updates were taken: no long-lived copy. */
    static final Duration FRESH = Duration.ofSeconds(30);
    private static final int PRUNE_ABOVE = 1_000;

    /** A successful read of a policy, and when it started: it holds every change ilert had taken by then. */
    record Fresh(Instant startedAt, PolicyDocument document) {
        EscalationPolicy policy() {
            return document.policy();
        }
    }

    private record Read(Instant startedAt, CompletableFuture<Outcome<PolicyDocument>> result) {}

    private final IlertClient ilert;
    private final Clock clock;
    private final Map<String, Read> latest = new ConcurrentHashMap<>();
    private final Map<String, Instant> heldUntil = new ConcurrentHashMap<>();

    PolicyReads(IlertClient ilert, Clock clock) {
        this.ilert = ilert;
        this.clock = clock;
    }

    /**
     * Whether a call for an update of this routing key was held a moment ago (by the call budget or the rate limit):
     * how long until it may try again. An update of the same policy then waits as long without asking for a call
     * of its own: asking would only book another slot of the call budget, which a newer update that supersedes
     * it would leave unused. So the levels of a policy, and newer updates of them, come back together.
     */
    Optional<Duration> heldFor(String routingKey) {
        Instant until = heldUntil.get(routingKey);
        Instant now = clock.instant();
        if (until == null || !now.isBefore(until)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, until));
    }

    /** Why an update waits for another update of its policy whose call was held. */
    static <T> Outcome.RetryLater<T> heldBehindAnother(Duration wait) {
        return Outcome.RetryLater.held("not sent yet: a call for another update of this policy is waiting for the"
                + " API key's call budget or rate limit; next try in " + wait.toMillis() + " ms", wait);
    }

    /** A call for an update of {@code routingKey} was held for {@code wait}: see {@link #heldFor}. */
    void held(String routingKey, Duration wait) {
        // in whole milliseconds, as the outbox keeps the time to come back: the updates then come back as the
        // hold ends, not a fraction of a millisecond before it (and are held again, and again)
        Instant until = clock.instant().plus(wait).truncatedTo(ChronoUnit.MILLIS);
        heldUntil.merge(routingKey, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** The policy as read after {@code takenAt}: a shared read when one started since, else a new one. */
    Outcome<Fresh> read(String routingKey, Instant takenAt, CallBudget.Turn turn) {
        Optional<Duration> held = heldFor(routingKey);
        if (held.isPresent()) {
            return heldBehindAnother(held.get());
        }
        while (true) {
            Read current = latest.get(routingKey);
            if (current != null && !current.startedAt().isBefore(takenAt)
                    && !current.startedAt().isBefore(clock.instant().minus(FRESH))) {
                return fresh(current);
            }
            Read mine = new Read(clock.instant(), new CompletableFuture<>());
            boolean leader = current == null ? latest.putIfAbsent(routingKey, mine) == null
                    : latest.replace(routingKey, current, mine);
            if (leader) {
                lead(routingKey, mine, turn);
                return fresh(mine);
            }
        }
    }

    private static Outcome<Fresh> fresh(Read read) {
        Outcome<PolicyDocument> outcome = read.result().join();
        return outcome instanceof Outcome.Success<PolicyDocument> ok
                ? new Outcome.Success<>(new Fresh(read.startedAt(), ok.value()), ok.status()) : outcome.castFailure();
    }

    private void lead(String routingKey, Read mine, CallBudget.Turn turn) {
        try {
            Outcome<PolicyDocument> outcome = ilert.resolvePolicyDocument(routingKey, turn);
            if (outcome instanceof Outcome.RetryLater<PolicyDocument> r && r.held() && r.retryAfter().isPresent()) {
                held(routingKey, r.retryAfter().get()); // before the waiting levels hear it: they ask no read of their own
            }
            mine.result().complete(outcome);
            if (!(outcome instanceof Outcome.Success<PolicyDocument>)) {
                latest.remove(routingKey, mine); // a failure is shared by those waiting for it, never reused later
            }
            prune();
        } catch (RuntimeException e) {
            mine.result().completeExceptionally(e);
            latest.remove(routingKey, mine);
            throw e;
        }
    }

    /** The agent made {@code userId} the only user of {@code level}: readers of the same read see it from now on. */
    void levelUpdated(String routingKey, int level, long userId) {
        latest.computeIfPresent(routingKey, (key, read) -> {
            if (!read.result().isDone() || !(read.result().join() instanceof Outcome.Success<PolicyDocument> ok)
                    || level >= ok.value().policy().escalationRules().size()) {
                return read;
            }
            return new Read(read.startedAt(), CompletableFuture.completedFuture(
                    new Outcome.Success<>(ok.value().withLevelUser(level, userId), ok.status())));
        });
    }

    private void prune() {
        if (heldUntil.size() > PRUNE_ABOVE) {
            Instant now = clock.instant();
            heldUntil.values().removeIf(until -> !until.isAfter(now));
        }
        if (latest.size() > PRUNE_ABOVE) {
            Instant oldest = clock.instant().minus(KEPT);
            latest.values().removeIf(read -> read.startedAt().isBefore(oldest));
        }
    }
}
