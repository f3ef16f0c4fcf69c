package io.ilagent.policy;

import io.ilagent.delivery.DeliveryResult;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.OutboxItem;
import io.ilagent.delivery.PolicyUpdatePayload;
import io.ilagent.delivery.SupersededListener;
import io.ilagent.delivery.WorkCodec;
import io.ilagent.delivery.WorkHandler;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.policy.PolicyAudit.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers policy updates from the outbox and writes every outcome to the history. Before applying,
 * it checks the history: an update whose message is older than one already applied to the same
 * level is superseded, so a late retry (or a requeued dead letter) never overwrites a newer assignment.
 */
public final class PolicyUpdateHandler implements WorkHandler<PolicyUpdatePayload>, SupersededListener {
    private static final Logger log = LoggerFactory.getLogger(PolicyUpdateHandler.class);

    private final PolicySync sync;
    private final PolicyAudit audit;
    private final WorkCodec codec;
    // Kafka partitions are delivered concurrently, so two updates of one level can arrive at once; the
    // history check and the PUT must then run one after the other, or an older update could win.
    private final LevelLocks levelLocks = new LevelLocks();

    /** @param codec reads a superseded item back, to record it in the history */
    public PolicyUpdateHandler(PolicySync sync, PolicyAudit audit, WorkCodec codec) {
        this.sync = sync;
        this.audit = audit;
        this.codec = codec;
    }

    @Override
    public DeliveryResult deliver(PolicyUpdatePayload work, OutboxItem item) {
        DeliveryResult result = apply(work, takenAt(work));
        if (result instanceof DeliveryResult.Delivered d) {
            // logged once, by the engine, with this note: it names the routing key and level for that line
            return new DeliveryResult.Delivered("routing key " + work.routingKey() + " level " + work.level() + ": "
                    + d.note());
        }
        if (result instanceof DeliveryResult.RetryLater r && r.held()) {
            log.debug("Policy update item {} ({} level {}): {}", item.id(), work.routingKey(), work.level(), result);
        } else {
            log.info("Policy update item {} ({} level {}): {}", item.id(), work.routingKey(), work.level(), result);
        }
        return result;
    }

    /**
     * Applies one update now with a policy read made now (e.g. a drift repair, which must see the level as
     * ilert holds it); updates of the same level wait for each other.
     */
    public DeliveryResult apply(PolicyUpdatePayload work) {
        return apply(work, Instant.MAX);
    }

    /** @param takenAt a shared policy read started since then is fresh enough for this update */
    private DeliveryResult apply(PolicyUpdatePayload work, Instant takenAt) {
        // The order time is the receive time, parsed once already as takenAt, unless the message has its own time.
        Instant orderTime = work.sourceTime() == null && !takenAt.equals(Instant.MAX) ? takenAt : work.orderTime();
        try (LevelLocks.Held level = levelLocks.lock(work.lane())) {
            return applyUnderLock(work, orderTime, takenAt);
        }
    }

    private DeliveryResult applyUnderLock(PolicyUpdatePayload work, Instant orderTime, Instant takenAt) {
        Optional<Instant> newest = audit.latestAppliedMessageTime(work.routingKey(), work.level());
        PolicyAudit.Update update = new PolicyAudit.Update(work, orderTime);
        if (newest.isPresent() && newest.get().isAfter(orderTime)) {
            String reason = "a newer message (of " + newest.get() + ") was already applied to this level";
            audit.record(update, Verdict.SUPERSEDED, Optional.empty(), null, Optional.empty(), Optional.of(reason));
            return new DeliveryResult.Delivered("superseded: " + reason);
        }
        return switch (sync.apply(work.routingKey(), work.email(), work.level(), takenAt)) {
            case SyncResult.Applied a -> {
                audit.record(update, Verdict.APPLIED, Optional.of(a.policyId()), a.previousUsers(), Optional.of(a.userId()),
                        Optional.empty());
                yield new DeliveryResult.Delivered("level " + a.level() + " of policy " + a.policyId() + " now holds user " + a.userId());
            }
            case SyncResult.NoOp n -> {
                audit.record(update, Verdict.NO_OP, Optional.of(n.policyId()), List.of(UserRel.of(n.userId())),
                        Optional.of(n.userId()), Optional.empty());
                yield new DeliveryResult.Delivered("no change: level already holds user " + n.userId());
            }
            case SyncResult.WouldApply w -> {
                audit.record(update, Verdict.DRY_RUN, Optional.of(w.policyId()), w.previousUsers(), Optional.of(w.userId()),
                        Optional.of("dry run: no update sent"));
                yield new DeliveryResult.Delivered("dry run: would put user " + w.userId() + " on level " + w.level());
            }
            case SyncResult.Rejected r -> {
                audit.record(update, Verdict.REJECTED, Optional.empty(), null, Optional.empty(), Optional.of(r.reason()));
                yield new DeliveryResult.Rejected(r.reason(), r.stage().name().toLowerCase(Locale.ROOT));
            }
            case SyncResult.RetryLater r when r.held() -> new DeliveryResult.RetryLater(r.reason(), r.retryAfter(), true);
            case SyncResult.RetryLater r -> {
                audit.record(update, Verdict.FAILED, Optional.empty(), null, Optional.empty(),
                        Optional.of(r.reason() + " (will be retried)"));
                yield new DeliveryResult.RetryLater(r.reason(), r.retryAfter());
            }
        };
    }

    /** When the agent received the update's message; a read of the policy started since is fresh enough for it. */
    private static Instant takenAt(PolicyUpdatePayload work) {
        return work.receivedTime().orElse(Instant.MAX); // unknown: always read afresh
    }

    @Override
    public void superseded(OutboxItem item, long newerId) {
        if (item.kind() != ItemKind.POLICY_UPDATE) {
            return; // a superseded heartbeat has no history
        }
        try {
            PolicyUpdatePayload work = codec.decode(item, PolicyUpdatePayload.class);
            audit.record(work, Verdict.SUPERSEDED, Optional.empty(), null, Optional.empty(),
                    Optional.of("superseded by newer update #" + newerId + " before it was applied"));
        } catch (WorkCodec.UnreadableWork e) {
            log.warn("Superseded item {}: {}", item.id(), e.getMessage());
        }
    }

}
