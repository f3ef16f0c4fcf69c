package io.ilagent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.ilert.ApiKey;
import io.ilagent.ilert.CallBudget;
import io.ilagent.ilert.EscalationPolicy;
import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.EscalationRule.ScheduleRel;
import io.ilagent.ilert.EscalationRule.TeamRel;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.IlertEndpoints;
import io.ilagent.ilert.Outcome;
import io.ilagent.policy.SyncResult.Stage;
import io.ilagent.sim.Failure;
import io.ilagent.sim.Holds;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The levels of one policy worked on at the same time are written in one PUT of the policy. */
class PolicyWritesTogetherTest {
    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    private IlertSimulator sim;
    private IlertClient client;
    private long alice;
    private long bob;
    private long plant;

    @BeforeEach
    void seed() {
        sim = ilert.sim();
        alice = sim.addUser("alice@example.com", "Alice", "Able");
        bob = sim.addUser("bob@example.com", "Bob", "Baker");
        plant = sim.addPolicy("Power plant", "powerplant", List.of(
                new EscalationRule(5, List.of(UserRel.of(bob)), null, null),
                new EscalationRule(10, List.of(UserRel.of(bob)), List.of(new ScheduleRel(31L, "Night", "STATIC")),
                        List.of(new TeamRel(41L, "Operators"))),
                new EscalationRule(15, List.of(), null, null)));
        URI base = URI.create(sim.baseUrl());
        client = IlertClient.create(new IlertEndpoints(base, base, Duration.ofSeconds(2), Duration.ofSeconds(10)),
                ApiKey.fromEnv(IlertSimulator.DEFAULT_API_KEY), "ilagent/test");
    }

    @AfterEach
    void close() {
        client.close();
    }

    /**
     * Applies alice to {@code levels} of the plant's policy at once, each on its own thread as the engine's workers
     * do; the user search (one, shared by all) is held until every update waits for it, so all of them are under way
     * together.
     */
    private List<SyncResult> applyTogether(int... levels) throws InterruptedException {
        return applyTogether(new PolicySync(client, UserCache.defaults(Clock.systemUTC()), false), "alice@example.com", levels);
    }

    private List<SyncResult> applyTogether(PolicySync sync, String email, int... levels) throws InterruptedException {
        Holds.Hold search = sim.hold(email);
        Instant taken = Instant.now();
        List<SyncResult> results = new CopyOnWriteArrayList<>();
        List<Thread> updates = new ArrayList<>();
        for (int level : levels) {
            updates.add(Thread.ofPlatform().start(() -> results.add(sync.apply("powerplant", email, level, taken))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> search.arrived() >= 1 && updates.stream().allMatch(
                t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING));
        search.release();
        for (Thread update : updates) {
            update.join();
        }
        return results;
    }

    private EscalationPolicy policy() {
        return sim.policy(plant).orElseThrow();
    }

    private int policyWrites() {
        return (int) sim.requestsTo("PUT", "/api/escalation-policies/" + plant).stream()
                .filter(r -> r.path().equals("/api/escalation-policies/" + plant)).count();
    }

    private int levelWrites() {
        return sim.requestsTo("PUT", "/api/escalation-policies/" + plant + "/levels/").size();
    }

    @Test
    void levelsOfOnePolicyWorkedOnTogetherCostOneReadAndOneWrite() throws Exception {
        List<SyncResult> results = applyTogether(0, 1, 2);

        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(SyncResult.Applied.class));
        assertThat(sim.requestsTo("GET", "/api/escalation-policies/resolve")).hasSize(1);
        assertThat(policyWrites()).isEqualTo(1);
        assertThat(levelWrites()).isZero();
        assertThat(policy().escalationRules()).allSatisfy(rule ->
                assertThat(rule.users()).extracting(UserRel::id).containsExactly(alice));
        EscalationRule second = policy().escalationRules().get(1);
        assertThat(second.escalationTimeout()).as("timeouts kept").isEqualTo(10);
        assertThat(second.schedules()).extracting(ScheduleRel::id).containsExactly(31L);
        assertThat(second.teams()).extracting(TeamRel::id).containsExactly(41L);
        assertThat(sim.violations()).isEmpty();
    }

    @Test
    void aLevelAlreadyRightCostsNoWriteAndTheOtherLevelsStillGoTogether() throws Exception {
        List<SyncResult> results = applyTogether(0, 2);
        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(SyncResult.Applied.class));

        List<SyncResult> again = applyTogether(0, 1, 2);

        assertThat(again).extracting(r -> r.getClass().getSimpleName()).containsExactlyInAnyOrder("NoOp", "Applied", "NoOp");
        assertThat(levelWrites()).as("a single change is still a level's PUT").isEqualTo(1);
        assertThat(policyWrites()).isEqualTo(1);
    }

    @Test
    void aPolicyWriteNeverPutsBackALevelTheAgentWroteAfterItsRead() {
        long carol = sim.addUser("carol@example.com", "Carol", "Cole");
        PolicyReads reads = new PolicyReads(client, Clock.systemUTC());
        PolicyWrites writes = new PolicyWrites(client, reads, Clock.systemUTC());
        PolicyWrites.Ticket levelZero = writes.join("powerplant");
        PolicyReads.Fresh read = ((Outcome.Success<PolicyReads.Fresh>) reads.read("powerplant", Instant.now(),
                CallBudget.Turn.FIRST)).value();
        // written on its own after that read: the read does not show it
        assertThat(writes.submit(levelZero, new PolicyWrites.Change(0, alice, read))).isInstanceOf(Outcome.Success.class);

        PolicyWrites.Ticket levelOne = writes.join("powerplant");
        PolicyWrites.Ticket levelTwo = writes.join("powerplant");
        CompletableFuture<Outcome<Void>> one = CompletableFuture.supplyAsync(
                () -> writes.submit(levelOne, new PolicyWrites.Change(1, carol, read)));
        Outcome<Void> two = writes.submit(levelTwo, new PolicyWrites.Change(2, carol, read));

        assertThat(List.of(one.join(), two)).allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Success.class));
        assertThat(policyWrites()).isEqualTo(1);
        assertThat(policy().escalationRules()).extracting(rule -> rule.users().getFirst().id())
                .containsExactly(alice, carol, carol);
    }

    @Test
    void whenIlertRefusesThePolicyWriteEachLevelIsWrittenOnItsOwn() throws Exception {
        sim.failNext(1, Failure.status(400).on("PUT", "/api/escalation-policies/" + plant));

        List<SyncResult> results = applyTogether(0, 1, 2);

        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(SyncResult.Applied.class));
        assertThat(policyWrites()).isEqualTo(1);
        assertThat(levelWrites()).isEqualTo(3);
        assertThat(policy().escalationRules()).allSatisfy(rule ->
                assertThat(rule.users()).extracting(UserRel::id).containsExactly(alice));
    }

    @Test
    void afterAFailedPolicyWriteTheLevelsAreWrittenApartSoOneFailingLevelCostsTheOthersOneAttempt() throws Exception {
        sim.failNext(1, Failure.status(503).on("PUT", "/api/escalation-policies/" + plant));
        PolicySync sync = new PolicySync(client, UserCache.defaults(Clock.systemUTC()), false);
        assertThat(applyTogether(sync, "alice@example.com", 0, 1))
                .allSatisfy(r -> assertThat(r).isInstanceOf(SyncResult.RetryLater.class));
        sim.failNext(1000, Failure.status(503).on("PUT", "/api/escalation-policies/" + plant + "/levels/0"));

        long carol = sim.addUser("carol@example.com", "Carol", "Cole"); // a user not cached yet, so both wait for her search
        List<SyncResult> retried = applyTogether(sync, "carol@example.com", 0, 1);

        assertThat(retried).extracting(r -> r.getClass().getSimpleName()).containsExactlyInAnyOrder("RetryLater", "Applied");
        assertThat(policyWrites()).as("only the first try went as one write").isEqualTo(1);
        assertThat(policy().escalationRules().get(1).users()).extracting(UserRel::id).containsExactly(carol);
        assertThat(policy().escalationRules().get(0).users()).extracting(UserRel::id).containsExactly(bob);
    }

    @Test
    void anApiThatDoesNotTakeAPolicysPutIsAskedOnceThenWrittenLevelByLevel() throws Exception {
        sim.failNext(1, Failure.status(405).on("PUT", "/api/escalation-policies/" + plant));
        PolicySync sync = new PolicySync(client, UserCache.defaults(Clock.systemUTC()), false);
        assertThat(applyTogether(sync, "alice@example.com", 0, 1))
                .allSatisfy(r -> assertThat(r).isInstanceOf(SyncResult.Applied.class));
        sim.addUser("carol@example.com", "Carol", "Cole");

        assertThat(applyTogether(sync, "carol@example.com", 0, 1))
                .allSatisfy(r -> assertThat(r).isInstanceOf(SyncResult.Applied.class));

        assertThat(sim.requestsTo("PUT", "/api/escalation-policies/" + plant).stream()
                .filter(r -> r.path().equals("/api/escalation-policies/" + plant))).as("asked once").hasSize(1);
        assertThat(levelWrites()).isEqualTo(4);
    }

    @Test
    void aPermissionRefusalOfThePolicyWriteRejectsEveryLevelOfIt() throws Exception {
        sim.failNext(1, Failure.status(403).on("PUT", "/api/escalation-policies/" + plant));

        List<SyncResult> results = applyTogether(0, 1);

        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(SyncResult.Rejected.class, rejected -> {
            assertThat(rejected.stage()).isEqualTo(Stage.UPDATE_LEVEL);
            assertThat(rejected.reason()).startsWith("the API key's user may not edit escalation policy 'Power plant'");
        }));
        assertThat(levelWrites()).isZero();
    }

    @Test
    void aServerErrorOnThePolicyWriteLeavesEveryLevelOfItToBeTriedAgain() throws Exception {
        sim.failNext(1, Failure.status(503).on("PUT", "/api/escalation-policies/" + plant));

        List<SyncResult> results = applyTogether(1, 2);

        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(SyncResult.RetryLater.class,
                retry -> assertThat(retry.stage()).isEqualTo(Stage.UPDATE_LEVEL)));
        assertThat(levelWrites()).isZero();
        assertThat(policy().escalationRules().get(1).users()).extracting(UserRel::id).containsExactly(bob);
    }
}
