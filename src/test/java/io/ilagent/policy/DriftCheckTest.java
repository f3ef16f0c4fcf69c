package io.ilagent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeliveryResult;
import io.ilagent.delivery.MutableClock;
import io.ilagent.delivery.PolicyUpdatePayload;
import io.ilagent.ilert.ApiKey;
import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.IlertEndpoints;
import io.ilagent.policy.DriftCheck.Finding;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The drift check in process: real handler, history on SQLite, the simulator; changes "by hand" through a second client. */
class DriftCheckTest {
    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T08:00:00Z"));
    private IlertSimulator sim;
    private IlertClient client;
    private Database db;
    private PolicyAudit audit;
    private PolicyUpdateHandler handler;
    private DriftCheck check;
    private long alice;
    private long bob;
    private long carol;
    private long plant;

    @BeforeEach
    void setUp() {
        sim = ilert.sim();
        alice = sim.addUser("alice@example.com", "Alice", "Able");
        bob = sim.addUser("bob@example.com", "Bob", "Baker");
        carol = sim.addUser("carol@example.com", "Carol", "Cook");
        plant = sim.addPolicy("Plant", "powerplant", List.of(
                new EscalationRule(5, List.of(UserRel.of(bob)), null, null),
                new EscalationRule(10, List.of(UserRel.of(bob)), null, null)));
        URI base = URI.create(sim.baseUrl());
        client = IlertClient.create(new IlertEndpoints(base, base, Duration.ofSeconds(2), Duration.ofSeconds(10)),
                ApiKey.fromEnv(IlertSimulator.DEFAULT_API_KEY), "ilagent/test");
        db = Database.open(dir.resolve("agent.db3"), clock);
        audit = new PolicyAudit(db, clock, json);
        handler = new PolicyUpdateHandler(new PolicySync(client, UserCache.defaults(clock), false), audit, json);
        check = new DriftCheck(client, audit, handler::apply, wait -> clock.advance(wait));
    }

    @AfterEach
    void close() {
        client.close();
        db.close();
    }

    private DeliveryResult update(String email, int level) {
        clock.advance(Duration.ofSeconds(1));
        return handler.apply(new PolicyUpdatePayload("powerplant", email, level, "m-" + clock.instant(), clock.instant().toString()));
    }

    /** What an admin does in ilert: another user on the level, the rest of it kept. */
    private void byHand(int level, long user) {
        EscalationRule rule = sim.policy(plant).orElseThrow().escalationRules().get(level);
        assertThat(client.updateLevel(plant, level, rule.withUsers(List.of(UserRel.of(user)))).isSuccess()).isTrue();
    }

    private List<UserRel> users(int level) {
        return sim.policy(plant).orElseThrow().escalationRules().get(level).users();
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
        assertThat(audit.latest(10)).filteredOn(e -> e.outcome() == PolicyAudit.Outcome.DRIFT).singleElement()
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
                PolicyAudit.Outcome.APPLIED, java.util.Optional.of(9L), List.of(), java.util.Optional.of(alice),
                java.util.Optional.empty());

        assertThat(check.check()).singleElement().isInstanceOfSatisfying(Finding.Unchecked.class, u -> {
            assertThat(u.temporary()).isFalse();
            assertThat(u.describe()).isEqualTo("routing key 'gone', level 0: not checked, no escalation policy has the "
                    + "routing key 'gone' any more");
        });
    }
}
