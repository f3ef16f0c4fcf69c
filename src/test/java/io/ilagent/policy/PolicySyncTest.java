package io.ilagent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.ilert.ApiKey;
import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.EscalationRule.ScheduleRel;
import io.ilagent.ilert.EscalationRule.TeamRel;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.IlertEndpoints;
import io.ilagent.policy.SyncResult.Stage;
import io.ilagent.sim.Failure;
import io.ilagent.sim.Holds;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.sim.Target;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import io.ilagent.ilert.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PolicySyncTest {
    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    private IlertSimulator sim;
    private long alice;
    private long bob;
    private long plant;
    private final List<ScheduleRel> schedules = List.of(new ScheduleRel(31L, "Night", "STATIC"));
    private final List<TeamRel> teams = List.of(new TeamRel(41L, "Operators"));

    @BeforeEach
    void seed() {
        sim = ilert.sim();
        alice = sim.addUser("alice@example.com", "Alice", "Able");
        bob = sim.addUser("bob@example.com", "Bob", "Baker");
        plant = sim.addPolicy("Power plant", "powerplant", List.of(
                new EscalationRule(5, List.of(UserRel.of(bob)), null, null),
                new EscalationRule(10, List.of(UserRel.of(bob)), schedules, teams),
                new EscalationRule(15, List.of(), null, null)));
    }

    private IlertClient client(Duration timeout) {
        URI base = URI.create(sim.baseUrl());
        return IlertClient.create(new IlertEndpoints(base, base, Duration.ofSeconds(2), timeout),
                ApiKey.fromEnv(IlertSimulator.DEFAULT_API_KEY), "ilagent/test");
    }

    private PolicySync sync(boolean dryRun, Duration timeout) {
        return new PolicySync(client(timeout), UserCache.defaults(Clock.systemUTC()), dryRun);
    }

    private int resolves() {
        return sim.requestsTo("GET", "/api/escalation-policies/resolve").size();
    }

    @Test
    void levelsOfOnePolicyTakenTogetherShareOneResolve() {
        PolicySync sync = sync();
        Instant taken = Instant.now();

        assertThat(sync.apply("powerplant", "alice@example.com", 0, taken)).isInstanceOf(SyncResult.Applied.class);
        assertThat(sync.apply("powerplant", "alice@example.com", 1, taken)).isInstanceOf(SyncResult.Applied.class);
        assertThat(sync.apply("powerplant", "alice@example.com", 2, taken)).isInstanceOf(SyncResult.Applied.class);

        assertThat(resolves()).isEqualTo(1);
        assertThat(sim.requestsTo("PUT", "/api/escalation-policies")).hasSize(3);
        assertThat(level(1).escalationTimeout()).isEqualTo(10);
    }

    @Test
    void anUpdateTakenAfterTheSharedReadReadsAgainSoATimeoutAnAdminJustChangedIsKept() {
        PolicySync sync = sync();
        assertThat(sync.apply("powerplant", "alice@example.com", 0, Instant.now())).isInstanceOf(SyncResult.Applied.class);
        EscalationRule admins = new EscalationRule(42, level(1).users(), level(1).schedules(), level(1).teams());
        assertThat(client(Duration.ofSeconds(10)).updateLevel(plant, 1, admins)).isInstanceOf(Outcome.Success.class);

        assertThat(sync.apply("powerplant", "alice@example.com", 1, Instant.now())).isInstanceOf(SyncResult.Applied.class);

        assertThat(resolves()).isEqualTo(2);
        assertThat(level(1).escalationTimeout()).isEqualTo(42);
        assertThat(level(1).users()).containsExactly(UserRel.of(alice));
    }

    @Test
    void theSharedReadSeesTheAgentsOwnPutsSoALaterUpdateOfTheSameLevelIsNoNoOp() {
        PolicySync sync = sync();
        Instant taken = Instant.now();

        sync.apply("powerplant", "alice@example.com", 0, taken);
        SyncResult back = sync.apply("powerplant", "bob@example.com", 0, taken);

        assertThat(back).isInstanceOf(SyncResult.Applied.class);
        assertThat(level(0).users()).containsExactly(UserRel.of(bob));
        assertThat(resolves()).isEqualTo(1);
    }

    private PolicySync sync() {
        return sync(false, Duration.ofSeconds(10));
    }

    private EscalationRule level(int n) {
        return sim.policy(plant).orElseThrow().escalationRules().get(n);
    }

    @Test
    void userIsPutOnTheLevelKeepingTimeoutSchedulesAndTeams() {
        SyncResult result = sync().apply("powerplant", "alice@example.com", 1);
        assertThat(result).isEqualTo(new SyncResult.Applied(plant, "Power plant", 1, List.of(UserRel.of(bob)), alice));
        EscalationRule after = level(1);
        assertThat(after.users()).extracting(UserRel::id).containsExactly(alice);
        assertThat(after.escalationTimeout()).isEqualTo(10);
        assertThat(after.schedules()).extracting(ScheduleRel::id).containsExactly(31L);
        assertThat(after.teams()).extracting(TeamRel::id).containsExactly(41L);
        assertThat(level(0).users()).extracting(UserRel::id).containsExactly(bob);
    }

    @Test
    void levelAlreadyHoldingTheUserGetsNoUpdate() {
        SyncResult result = sync().apply("powerplant", "bob@example.com", 0);
        assertThat(result).isInstanceOf(SyncResult.NoOp.class);
        assertThat(sim.requestsTo("PUT", "/api/escalation-policies")).isEmpty();
    }

    @Test
    void missingLevelIsNeverCreatedAndTheReasonNamesPolicyLevelAndCount() {
        SyncResult result = sync().apply("powerplant", "alice@example.com", 3);
        assertThat(result).isInstanceOfSatisfying(SyncResult.Rejected.class, r -> {
            assertThat(r.stage()).isEqualTo(Stage.CHECK_LEVEL);
            assertThat(r.reason()).isEqualTo("escalation policy 'Power plant' (id " + plant
                    + ") has 3 levels (0 to 2); level 3 does not exist and is never created");
        });
        assertThat(sim.requestsTo("PUT", "/api/escalation-policies")).isEmpty();
        assertThat(sim.policy(plant).orElseThrow().escalationRules()).hasSize(3);
    }

    @Test
    void unknownUserIsRejectedWithItsOwnReason() {
        SyncResult result = sync().apply("powerplant", "nobody@example.com", 1);
        assertThat(result).isEqualTo(new SyncResult.Rejected(Stage.RESOLVE_USER, "no ilert user has the email nobody@example.com"));
    }

    @Test
    void unknownRoutingKeyIsRejectedWithItsOwnReason() {
        SyncResult result = sync().apply("nowhere", "alice@example.com", 1);
        assertThat(result).isEqualTo(new SyncResult.Rejected(Stage.RESOLVE_POLICY, "no escalation policy has the routing key 'nowhere'"));
    }

    @Test
    void forbiddenPolicyIsRejectedWithItsOwnReason() {
        sim.failNext(1, Failure.status(403).on("GET", "/api/escalation-policies/resolve"));
        SyncResult result = sync().apply("powerplant", "alice@example.com", 1);
        assertThat(result).isInstanceOfSatisfying(SyncResult.Rejected.class,
                r -> assertThat(r.reason()).startsWith("the API key's user may not access the escalation policy of routing key 'powerplant'"));
    }

    @Test
    void networkErrorsTimeoutsAndServerErrorsAreRetriedNotDropped() {
        sim.dropNext(1, Target.of("POST", "/api/users/search-email"));
        assertThat(sync().apply("powerplant", "alice@example.com", 1))
                .isInstanceOfSatisfying(SyncResult.RetryLater.class, r -> assertThat(r.stage()).isEqualTo(Stage.RESOLVE_USER));

        sim.latency("/api/escalation-policies/resolve", Duration.ofMillis(1500));
        assertThat(sync(false, Duration.ofMillis(300)).apply("powerplant", "alice@example.com", 1))
                .isInstanceOfSatisfying(SyncResult.RetryLater.class, r -> assertThat(r.stage()).isEqualTo(Stage.RESOLVE_POLICY));
        sim.latency("/api/escalation-policies/resolve", Duration.ZERO);

        sim.failNext(1, Failure.status(503).on("PUT", "/api/escalation-policies"));
        assertThat(sync().apply("powerplant", "alice@example.com", 1))
                .isInstanceOfSatisfying(SyncResult.RetryLater.class, r -> assertThat(r.stage()).isEqualTo(Stage.UPDATE_LEVEL));
        assertThat(level(1).users()).extracting(UserRel::id).containsExactly(bob);
    }

    @Test
    void updatesNamingAnUncachedUserAtTheSameMomentShareOneSearch() throws Exception {
        long carol = sim.addUser("carol@example.com", "Carol", "Cole");
        PolicySync sync = sync();
        Holds.Hold search = sim.hold("carol@example.com");
        List<SyncResult> results = new CopyOnWriteArrayList<>();
        List<Thread> updates = new ArrayList<>();
        for (int level = 0; level < 3; level++) {
            int l = level;
            updates.add(Thread.ofPlatform().start(() -> results.add(sync.apply("powerplant", l == 1 ? "Carol@Example.com" : "carol@example.com", l))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> search.arrived() >= 1
                && updates.stream().allMatch(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING));

        search.release();
        for (Thread t : updates) {
            t.join();
        }

        assertThat(sim.requestsTo("POST", "/api/users/search-email")).hasSize(1);
        assertThat(results).hasSize(3).allSatisfy(r -> assertThat(r).isInstanceOf(SyncResult.Applied.class));
        assertThat(level(2).users()).extracting(UserRel::id).containsExactly(carol);
    }

    @Test
    void steadyStateCostsTwoCallsPerEffectiveUpdateAndOnePerNoOp() {
        PolicySync sync = sync();
        sync.apply("powerplant", "alice@example.com", 2);
        int warm = sim.requests().size();
        sync.apply("powerplant", "bob@example.com", 2);
        sync.apply("powerplant", "alice@example.com", 2);
        int afterTwoUpdates = sim.requests().size();
        assertThat(afterTwoUpdates - warm).as("bob is looked up once, then each update is resolve + PUT").isEqualTo(5);
        sync.apply("powerplant", "alice@example.com", 2);
        assertThat(sim.requests().size() - afterTwoUpdates).as("a no-op is one resolve").isEqualTo(1);
        sync.apply("powerplant", "bob@example.com", 2);
        assertThat(sim.requests().size() - afterTwoUpdates - 1).as("an update with both users cached").isEqualTo(2);
    }

    @Test
    void dryRunResolvesEverythingButSendsNoUpdate() {
        SyncResult result = sync(true, Duration.ofSeconds(10)).apply("powerplant", "alice@example.com", 1);
        assertThat(result).isEqualTo(new SyncResult.WouldApply(plant, "Power plant", 1, List.of(UserRel.of(bob)), alice));
        assertThat(sim.requestsTo("PUT", "/api/escalation-policies")).isEmpty();
        assertThat(level(1).users()).extracting(UserRel::id).containsExactly(bob);
    }
}
