package io.ilagent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.delivery.DeliveryResult;
import io.ilagent.delivery.PolicyUpdatePayload;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.policy.DriftCheck.Finding;
import io.ilagent.policy.PolicyAudit.Entry;
import io.ilagent.policy.PolicyAudit.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * History retention: old rows go, but never the rows the staleness check and the drift check read for a level,
 * so an agent that pruned behaves as one that did not. Real handler, history on SQLite, the simulator.
 */
class HistoryRetentionTest extends PlantFixture {
    private static final Duration KEPT = Duration.ofDays(90);

    private int prune() {
        return audit.pruneBefore(clock.instant().minus(KEPT));
    }

    /** Records a row as the handler or the drift check would, one day after the previous one. */
    private void row(int level, Verdict outcome, String messageId, String messageTime) {
        clock.advance(Duration.ofDays(1));
        boolean assigns = outcome == Verdict.APPLIED || outcome == Verdict.NO_OP;
        audit.record(new PolicyUpdatePayload("powerplant", "alice@example.com", level, messageId, messageTime),
                outcome, Optional.of(plant), List.of(UserRel.of(bob)), assigns ? Optional.of(alice) : Optional.empty(),
                Optional.of(outcome.name()));
    }

    private String reads() {
        return audit.assignments() + " " + audit.assignments().stream().map(a -> audit.isLatest(a) + " "
                + audit.driftReported(a)).toList() + " " + audit.latestAppliedMessageTime("powerplant", 0) + " "
                + audit.latestAppliedMessageTime("powerplant", 1);
    }

    @Test
    void rowsOlderThanTheCutoffGoButNotTheOnesTheAgentStillReadsForALevel() {
        row(0, Verdict.APPLIED, "a0", "2026-06-01T07:00:00Z");
        row(0, Verdict.APPLIED, "a1", "2026-06-01T09:00:00Z"); // newest message time applied: orders later updates
        row(0, Verdict.REJECTED, "a2", "2026-06-01T10:00:00Z"); // latest state row of level 0
        row(0, Verdict.SUPERSEDED, "a3", "2026-06-01T08:00:00Z");
        row(1, Verdict.APPLIED, "b0", "2026-06-01T07:00:00Z");
        row(1, Verdict.APPLIED, "b1", "2026-06-01T09:00:00Z"); // latest state row of level 1: the drift check's
        row(1, Verdict.DRIFT, PolicyAudit.DRIFT_CHECK, "2026-06-01T09:00:00Z");
        row(1, Verdict.DRIFT, PolicyAudit.DRIFT_CHECK, "2026-06-01T09:00:00Z"); // latest drift report of level 1
        row(1, Verdict.FAILED, PolicyAudit.DRIFT_CHECK, "2026-06-01T09:00:00Z"); // a failed repair: no state row
        clock.advance(KEPT.minusDays(5));
        row(1, Verdict.SUPERSEDED, "recent", "2026-06-01T06:00:00Z"); // within the retention
        clock.advance(Duration.ofDays(30));
        String before = reads();

        int deleted = prune();

        assertThat(audit.latest(100)).extracting(Entry::messageId, Entry::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a1", Verdict.APPLIED),
                org.assertj.core.groups.Tuple.tuple("a2", Verdict.REJECTED),
                org.assertj.core.groups.Tuple.tuple("b1", Verdict.APPLIED),
                org.assertj.core.groups.Tuple.tuple(PolicyAudit.DRIFT_CHECK, Verdict.DRIFT),
                org.assertj.core.groups.Tuple.tuple("recent", Verdict.SUPERSEDED));
        assertThat(deleted).isEqualTo(5);
        assertThat(reads()).isEqualTo(before);
        restart(); // and read from the file alone
        assertThat(reads()).isEqualTo(before);
    }

    @Test
    void pruningTwiceDeletesNothingMore() {
        row(0, Verdict.APPLIED, "a0", "2026-06-01T07:00:00Z");
        row(0, Verdict.APPLIED, "a1", "2026-06-01T09:00:00Z");
        clock.advance(KEPT.plusDays(1));

        assertThat(prune()).isEqualTo(1);
        assertThat(prune()).isZero();
        assertThat(audit.latest(10)).extracting(Entry::messageId).containsExactly("a1");
    }

    @Test
    void anUpdateOlderThanOneAppliedBeforeTheRetentionIsStillSuperseded() {
        assertThat(apply("alice@example.com", 0, "2026-06-01T09:00:00Z")).isInstanceOf(DeliveryResult.Delivered.class);
        clock.advance(KEPT.plusDays(10));
        prune();
        restart(); // the history as the file holds it

        // A message from before alice's, arriving late (e.g. from a site that was offline), must not win.
        DeliveryResult late = apply("carol@example.com", 0, "2026-06-01T08:00:00Z");

        assertThat(late).isInstanceOfSatisfying(DeliveryResult.Delivered.class,
                d -> assertThat(d.note()).startsWith("superseded"));
        assertThat(users(0)).containsExactly(UserRel.of(alice));
    }

    @Test
    void aLevelChangedByHandLongAfterTheAgentSetItIsStillFoundDrifted() throws InterruptedException {
        apply("alice@example.com", 1, "2026-06-01T09:00:00Z");
        clock.advance(KEPT.plusDays(10));
        prune();
        byHand(1, carol);

        List<Finding> findings = new DriftCheck(client, audit, handler::apply, wait -> clock.advance(wait)).check();

        assertThat(findings).singleElement().isInstanceOfSatisfying(Finding.Drifted.class,
                d -> assertThat(d.found()).extracting(UserRel::id).containsExactly(carol));
    }

    private DeliveryResult apply(String email, int level, String sourceTime) {
        return handler.apply(new PolicyUpdatePayload("powerplant", email, level, "m-" + sourceTime,
                clock.instant().toString(), sourceTime));
    }
}
