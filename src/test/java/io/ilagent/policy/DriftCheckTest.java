package io.ilagent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.delivery.DeliveryResult;
import io.ilagent.delivery.PolicyUpdatePayload;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.policy.DriftCheck.Finding;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The drift check in process: real handler, history on SQLite, the simulator; changes "by hand" through a second client. */
class DriftCheckTest extends PlantFixture {
    private DriftCheck check;

    @BeforeEach
    void setUp() {
        check = new DriftCheck(client, audit, handler::apply, wait -> clock.advance(wait));
    }

    private DeliveryResult update(String email, int level) {
        clock.advance(Duration.ofSeconds(1));
        return handler.apply(new PolicyUpdatePayload("powerplant", email, level, "m-" + clock.instant(), clock.instant().toString()));
    }

    @Test
    void levelsAsTheAgentSetThemAreInPlaceWithOneLookupPerRoutingKey() throws InterruptedException {
        update("alice@example.com", 0);
        update("alice@example.com", 1);
        int before = sim.requestsTo("GET", "/api/escalation-policies/resolve").size();

        List<Finding> findings = check.check();

        assertThat(findings).hasSize(2).allMatch(f -> f instanceof Finding.InPlace);
        assertThat(sim.requestsTo("GET", "/api/escalation-policies/resolve")).hasSize(before + 1);
    }

    @Test
    void aLevelChangedByHandIsRecordedOnceWhileItStaysTheSame() throws InterruptedException {
        update("alice@example.com", 1);
        byHand(1, carol);

        Finding first = check.check().getFirst();
        Finding second = check.check().getFirst();

        assertThat(first).isInstanceOfSatisfying(Finding.Drifted.class, d -> {
            assertThat(d.found()).extracting(UserRel::id).containsExactly(carol);
            assertThat(d.reportedBefore()).isFalse();
        });
        assertThat(second).isInstanceOfSatisfying(Finding.Drifted.class, d -> assertThat(d.reportedBefore()).isTrue());
        assertThat(audit.latest(10)).filteredOn(e -> e.outcome() == PolicyAudit.Verdict.DRIFT).singleElement()
                .satisfies(e -> {
                    assertThat(e.previousUsers()).contains("[" + carol + "]");
                    assertThat(e.newUserId()).contains(alice);
                });
    }

    @Test
    void aRepairPutsTheAgentsUserBackAndTheNextCheckFindsItInPlace() throws InterruptedException {
        update("alice@example.com", 1);
        byHand(1, carol);
        Finding.Drifted drifted = (Finding.Drifted) check.check().getFirst();

        assertThat(check.repair(drifted)).isInstanceOf(DeliveryResult.Delivered.class);

        assertThat(users(1)).containsExactly(UserRel.of(alice));
        assertThat(sim.policy(plant).orElseThrow().escalationRules().get(1).escalationTimeout()).isEqualTo(10);
        assertThat(check.check()).singleElement().isInstanceOf(Finding.InPlace.class);
    }

    @Test
    void aRepairNeverOverwritesAnUpdateAppliedAfterTheDriftWasFound() throws InterruptedException {
        update("alice@example.com", 1);
        byHand(1, carol);
        Finding.Drifted drifted = (Finding.Drifted) check.check().getFirst();
        update("bob@example.com", 1); // the next shift arrives before the repair

        DeliveryResult result = check.repair(drifted);

        assertThat(result).isInstanceOfSatisfying(DeliveryResult.Delivered.class,
                d -> assertThat(d.note()).startsWith("superseded"));
        assertThat(users(1)).containsExactly(UserRel.of(bob));
    }

    @Test
    void aLevelWhoseLatestUpdateWasRejectedIsNotChecked() throws InterruptedException {
        update("alice@example.com", 0);
        update("nobody@example.com", 0);

        assertThat(check.check()).isEmpty();
    }

    @Test
    void aRoutingKeyThatNoLongerResolvesIsReportedAsNotChecked() throws InterruptedException {
        audit.record(new PolicyUpdatePayload("gone", "alice@example.com", 0, "m1", clock.instant().toString()),
                PolicyAudit.Verdict.APPLIED, java.util.Optional.of(9L), List.of(), java.util.Optional.of(alice),
                java.util.Optional.empty());

        assertThat(check.check()).singleElement().isInstanceOfSatisfying(Finding.Unchecked.class, u -> {
            assertThat(u.temporary()).isFalse();
            assertThat(u.describe()).isEqualTo("routing key 'gone', level 0: not checked, no escalation policy has the "
                    + "routing key 'gone' any more");
        });
    }
}
