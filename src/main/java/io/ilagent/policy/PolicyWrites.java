package io.ilagent.policy;

import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.Outcome;
import io.ilagent.ilert.PolicyDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the level changes of one policy that are worked on at the same time in one call: the updates of a
 * routing key {@link #join} a batch before they read the policy, and the last of them to {@link #submit} sends
 * the batch. Two or more changed levels go in one {@code PUT /api/escalation-policies/{id}} with the policy
 * document of the newest read, so a shift change costs one read and one write per policy rather than one write
 * per level; a single change stays a level's PUT. The writes of a routing key are sent one at a time, and the
 * agent's own writes that a read may have missed are laid over its document, so a policy write never puts back
 * a level the agent changed a moment before. If ilert refuses a policy write for any reason but permission,
 * each level is written on its own, so that one bad level cannot cost the others; after a policy write that
 * failed for a reason worth a retry, the next batch of that policy is written level by level.
 */
final class PolicyWrites {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyWrites.class);
    /** What one update wants: {@code userId} as the only user of {@code level}, from the read {@code read}. */
    record Change(int level, long userId, PolicyReads.Fresh read) {}

    private static final Duration KEPT = Duration.ofMinutes(10);
    private static final int PRUNE_ABOVE = 1_000;

    private static final class Batch {
        private int joined;
        private int submitted;
        private final List<Change> changes = new ArrayList<>();
        private final CompletableFuture<Map<Change, Outcome<Void>>> sent = new CompletableFuture<>();
    }

    /** A place in the batch of a routing key; {@link #submit} exactly once. */
    static final class Ticket {
        private final String routingKey;
        private final Batch batch;
        private boolean submitted;

        private Ticket(String routingKey, Batch batch) {
            this.routingKey = routingKey;
            this.batch = batch;
        }

        boolean submitted() {
            return submitted;
        }
    }

    /** A level the agent wrote, and when ilert confirmed it. */
    private record Written(long policyId, long userId, Instant at) {}

    private final IlertClient ilert;
    private final PolicyReads reads;
    private final Clock clock;
    private final Map<String, Batch> open = new HashMap<>();
    /** Locks by routing key's hash: the writes of one routing key go one at a time, with no lock map to prune. */
    private final ReentrantLock[] sending = new ReentrantLock[64];
    private final Map<String, Map<Integer, Written>> written = new ConcurrentHashMap<>();
    /**
     * Routing keys whose last policy write failed (5xx, timeout, network): their next batch writes each level on
     * its own, so that a level ilert keeps failing on costs the others one failed attempt, not all of theirs.
     */
    private final Set<String> apart = ConcurrentHashMap.newKeySet();
    private volatile boolean policyPutRefused;

    PolicyWrites(IlertClient ilert, PolicyReads reads, Clock clock) {
        this.ilert = ilert;
        this.reads = reads;
        this.clock = clock;
        for (int i = 0; i < sending.length; i++) {
            sending[i] = new ReentrantLock();
        }
    }

    /** Takes a place in the open batch of {@code routingKey}; do it before reading the policy. */
    synchronized Ticket join(String routingKey) {
        Batch batch = open.computeIfAbsent(routingKey, k -> new Batch());
        batch.joined++;
        return new Ticket(routingKey, batch);
    }

    /** Leaves the batch with nothing to write (a no-op, a level the policy lacks, a dry run, a failed read). */
    void leave(Ticket ticket) {
        submit(ticket, null);
    }

    /**
     * Hands in a change and waits until its batch is sent: the last of the batch to hand in sends it.
     *
     * @return ilert's answer for this change
     */
    Outcome<Void> submit(Ticket ticket, Change change) {
        Batch batch = ticket.batch;
        boolean last;
        synchronized (this) {
            if (ticket.submitted) {
                throw new IllegalStateException("a ticket is submitted once");
            }
            ticket.submitted = true;
            if (change != null) {
                batch.changes.add(change);
            }
            last = ++batch.submitted == batch.joined;
            if (last) {
                open.remove(ticket.routingKey, batch);
            }
        }
        if (last) {
            try {
                batch.sent.complete(send(ticket.routingKey, batch.changes));
            } catch (RuntimeException e) {
                batch.sent.completeExceptionally(e);
                throw e;
            }
        }
        return change == null ? null : batch.sent.join().get(change);
    }

    private Map<Change, Outcome<Void>> send(String routingKey, List<Change> changes) {
        Map<Change, Outcome<Void>> answers = new IdentityHashMap<>();
        if (changes.isEmpty()) {
            return answers;
        }
        ReentrantLock lock = sending[Math.floorMod(routingKey.hashCode(), sending.length)];
        lock.lock();
        try {
            if (changes.size() > 1 && !policyPutRefused && onePolicyAndDistinctLevels(changes) && !apart.contains(routingKey)) {
                Outcome<Void> together = writePolicy(routingKey, changes);
                if (together instanceof Outcome.RetryLater<Void> r && !r.held()) {
                    apart.add(routingKey); // tried and failed: next time each level on its own
                }
                if (together instanceof Outcome.Failed<Void> f && (f.status() == 405 || f.status() == 501)) {
                    policyPutRefused = true; // the API (or a proxy before it) does not take a policy's PUT
                    LOG.warn("ilert answered HTTP {} to a PUT of a whole escalation policy; levels changed together are"
                            + " written one PUT per level from now on", f.status());
                }
                if (!(together instanceof Outcome.Failed<Void> f) || f.status() == 401 || f.status() == 403) {
                    changes.forEach(c -> answers.put(c, together));
                    return answers;
                }
            }
            for (Change change : changes) {
                answers.put(change, writeLevel(routingKey, change));
            }
            if (answers.values().stream().anyMatch(Outcome::isSuccess)) {
                apart.remove(routingKey);
            }
            return answers;
        } finally {
            lock.unlock();
            prune();
        }
    }

    private static boolean onePolicyAndDistinctLevels(List<Change> changes) {
        Set<Integer> levels = new HashSet<>();
        long policyId = changes.getFirst().read().policy().id();
        for (Change change : changes) {
            if (change.read().policy().id() != policyId || !levels.add(change.level())) {
                return false;
            }
        }
        return true;
    }

    private Outcome<Void> writePolicy(String routingKey, List<Change> changes) {
        PolicyReads.Fresh newest = changes.getFirst().read();
        for (Change change : changes) {
            if (change.read().startedAt().isAfter(newest.startedAt())) {
                newest = change.read();
            }
        }
        PolicyDocument document = withOwnWrites(routingKey, newest);
        for (Change change : changes) {
            document = document.withLevelUser(change.level(), change.userId());
        }
        Outcome<Void> answer = ilert.updatePolicy(document.policy().id(), document.json());
        if (answer.isSuccess()) {
            changes.forEach(c -> wrote(routingKey, c));
        }
        return answer;
    }

    private Outcome<Void> writeLevel(String routingKey, Change change) {
        EscalationRule current = change.read().policy().escalationRules().get(change.level());
        EscalationRule wanted = current.withUsers(List.of(UserRel.of(change.userId())));
        Outcome<EscalationRule> answer = ilert.updateLevel(change.read().policy().id(), change.level(), wanted);
        if (answer instanceof Outcome.Success<EscalationRule> ok) {
            wrote(routingKey, change);
            return new Outcome.Success<>(null, ok.status());
        }
        return answer.castFailure();
    }

    /** The read's document with the levels the agent wrote since the read started, which it may not show. */
    private PolicyDocument withOwnWrites(String routingKey, PolicyReads.Fresh read) {
        PolicyDocument document = read.document();
        int levels = document.policy().escalationRules().size();
        for (Map.Entry<Integer, Written> w : written.getOrDefault(routingKey, Map.of()).entrySet()) {
            Written level = w.getValue();
            if (!level.at().isBefore(read.startedAt()) && level.policyId() == document.policy().id() && w.getKey() < levels) {
                document = document.withLevelUser(w.getKey(), level.userId());
            }
        }
        return document;
    }

    private void wrote(String routingKey, Change change) {
        written.computeIfAbsent(routingKey, k -> new ConcurrentHashMap<>())
                .put(change.level(), new Written(change.read().policy().id(), change.userId(), clock.instant()));
        reads.levelUpdated(routingKey, change.level(), change.userId());
    }

    private void prune() {
        if (written.size() > PRUNE_ABOVE) {
            Instant oldest = clock.instant().minus(KEPT);
            written.values().removeIf(levels -> levels.values().stream().allMatch(w -> w.at().isBefore(oldest)));
        }
        if (apart.size() > PRUNE_ABOVE) {
            apart.clear(); // at worst one more policy write is tried for those
        }
    }
}
