package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.ilert.ApiKey;
import io.ilagent.ilert.CallBudget;
import io.ilagent.ilert.CallObserver;
import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.IlertEndpoints;
import io.ilagent.ilert.RateLimitBucket;
import io.ilagent.ilert.RateLimitGate;
import io.ilagent.ilert.RateLimitObserver;
import io.ilagent.policy.PolicyAudit;
import io.ilagent.policy.PolicySync;
import io.ilagent.policy.PolicyUpdateHandler;
import io.ilagent.policy.UserCache;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.sim.RecordedRequest;
import io.ilagent.sim.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shift-change burst of 90 policy updates (level 0 of every policy, then level 1, ...; about 121 REST calls with
 * one lookup per policy) against the simulator's 120 calls per minute,
 * through the outbox, the delivery engine, the policy handler and the real client with its call budget. One
 * clock for agent and simulator: the test moves it to the next due item whenever no call is under way, and a
 * call waiting in place for its turn moves it to the end of its wait, so the minute and a half it takes passes in seconds.
 */
class PolicyBurstPacingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int POLICIES = 30;
    private static final int LEVELS = 3;

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T10:00:05Z"));

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension(b -> b.clock(clock));

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger heldForBudget = new AtomicInteger();
    private final List<Long> policies = new ArrayList<>();
    private IlertSimulator sim;
    private IlertClient client;
    private Database audit;
    private TestAgent agent;
    private long alice;

    @BeforeEach
    void seed() {
        sim = ilert.sim();
        alice = sim.addUser("alice@example.com", "Alice", "Able");
        long bob = sim.addUser("bob@example.com", "Bob", "Baker");
        for (int p = 0; p < POLICIES; p++) {
            List<EscalationRule> rules = new ArrayList<>();
            for (int level = 0; level < LEVELS; level++) {
                rules.add(new EscalationRule(5, List.of(UserRel.of(bob)), null, null));
            }
            policies.add(sim.addPolicy("policy " + p, "p" + p, rules));
        }
        sim.rateLimitPerMinute(CallBudget.ILERT_PER_MINUTE);
        URI base = URI.create(sim.baseUrl());
        RateLimitGate gate = new RateLimitGate(clock, () -> 0L, new RateLimitObserver() {
            @Override public void closed(RateLimitBucket.Kind kind) {}
            @Override public void waited(RateLimitBucket.Kind kind, Duration wait) {}
            @Override public void paced(RateLimitBucket.Kind kind, Duration wait, boolean held) {
                if (held) {
                    heldForBudget.incrementAndGet();
                }
            }
        }, Map.of(RateLimitBucket.REST, new CallBudget(CallBudget.ILERT_PER_MINUTE)), this::sleepUntil);
        client = new IlertClient(HttpClient.newHttpClient(),
                new IlertEndpoints(base, base, Duration.ofSeconds(2), Duration.ofSeconds(10)),
                ApiKey.fromEnv(IlertSimulator.DEFAULT_API_KEY), "ilagent/test", JSON, clock, CallObserver.NONE, gate);
    }

    /** Waiting in place ends at a time; two calls waiting at once must not add their waits up. */
    private void sleepUntil(Duration wait) {
        Instant until = clock.instant().plus(wait);
        Duration left = Duration.between(clock.instant(), until);
        if (left.isPositive()) {
            clock.advance(left);
        }
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (audit != null) {
            audit.close();
        }
        client.close();
    }

    @Test
    void aBurstOverTheRestLimitGetsNo429AndEndsInTheLatestState() throws Exception {
        // 1 user search, one lookup per policy shared by its 3 levels (30) although the levels arrive interleaved
        // with those of other policies, and one write per policy where its levels are worked on together (30), up
        // to one per level (90) where four workers split a policy's levels; a few more searches when workers search
        // the user at the same moment (121 to 125 calls when every level had its own PUT)
        burst(POLICIES, UserCache.defaults(clock), 4, 61, 100);
    }

    @Test
    void withoutUserCacheAndOneWorkerLikeIlagentEveryUpdateStillGetsThrough() throws Exception {
        // a search per update (45), one lookup per policy shared by its levels (15), 45 PUTs; the lookup after a
        // search continues its work, so it is never held behind it
        burst(15, UserCache.disabled(clock), 1, 105, 110);
    }

    private void burst(int policyCount, UserCache users, int maxInFlight, int minCalls, int maxCalls) throws Exception {
        policies.subList(policyCount, policies.size()).clear();
        Path file = dir.resolve("agent.db3");
        audit = Database.open(file, clock);
        WorkCodec codec = new WorkCodec();
        DeliveryHandler handler = codec.handler(PolicyUpdatePayload.class, new PolicyUpdateHandler(
                new PolicySync(client, users, false, clock), new PolicyAudit(audit, clock), codec));
        DeliveryHandler counted = item -> {
            inFlight.incrementAndGet();
            try {
                return handler.deliver(item);
            } finally {
                inFlight.decrementAndGet();
            }
        };
        agent = new TestAgent(file, clock, 0.0, 100, maxInFlight, Map.of(ItemKind.POLICY_UPDATE, counted));
        for (int level = 0; level < LEVELS; level++) { // as a shift change sends them: the policies interleaved
            for (int p = 0; p < policyCount; p++) {
                PolicyUpdatePayload update = new PolicyUpdatePayload("p" + p, "alice@example.com", level, "m" + p + "-" + level,
                        clock.instant().toString());
                agent.policy(update.lane(), JSON.writeValueAsString(update));
            }
        }
        Instant start = clock.instant();

        agent.engine.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
            moveToTheNextDueItemWhenIdle();
            return allLevelsHoldAlice();
        });

        List<RecordedRequest> calls = sim.requests().stream().filter(r -> r.path().startsWith("/api/")).toList();
        assertThat(calls).as("429 answers").noneMatch(r -> r.status() == 429);
        assertThat(mostInAnySixtySeconds(calls)).isLessThanOrEqualTo(CallBudget.ILERT_PER_MINUTE);
        assertThat(calls).hasSizeBetween(minCalls, maxCalls);
        assertThat(heldForBudget).as("calls held for the budget instead of holding a worker").hasPositiveValue();
        Duration took = Duration.between(start, calls.getLast().time());
        Duration budgetAllows = CallBudget.WINDOW.multipliedBy(calls.size() - 4L).dividedBy(CallBudget.ILERT_PER_MINUTE - 3);
        assertThat(took).as("as soon as the budget allows").isLessThan(budgetAllows.plusSeconds(3));
        assertThat(agent.deadLetters.list(10)).isEmpty();
    }

    private void moveToTheNextDueItemWhenIdle() {
        if (inFlight.get() > 0) {
            return;
        }
        agent.outbox.pending(1000).stream().map(OutboxItem::nextAttemptAt).min(Comparator.naturalOrder())
                .filter(next -> next.isAfter(clock.instant()))
                .ifPresent(next -> clock.advance(Duration.between(clock.instant(), next)));
        agent.engine.wakeUp();
    }

    private boolean allLevelsHoldAlice() {
        return policies.stream().allMatch(id -> sim.policy(id).orElseThrow().escalationRules().stream()
                .allMatch(rule -> rule.users().equals(List.of(UserRel.of(alice)))));
    }

    private static int mostInAnySixtySeconds(List<RecordedRequest> calls) {
        int most = 0;
        for (int i = 0; i < calls.size(); i++) {
            Instant end = calls.get(i).time().plusSeconds(60);
            int n = (int) calls.stream().skip(i).filter(r -> r.time().isBefore(end)).count();
            most = Math.max(most, n);
        }
        return most;
    }
}
