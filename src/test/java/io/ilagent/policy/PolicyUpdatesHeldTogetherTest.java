package io.ilagent.policy;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.sim.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Updates of one policy while the API key's call budget is used up: when a call of one is held, the others wait
 * as long without booking budget slots of their own (a newer update superseding a held one would leave its slot
 * unused), and then share one read. The clock is the test's; waiting in place moves it.
 */
class PolicyUpdatesHeldTogetherTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-12-02T08:00:00Z"));

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension(b -> b.clock(clock));

    private final CallBudget budget = new CallBudget(CallBudget.ILERT_PER_MINUTE);
    private final AtomicInteger heldByBudget = new AtomicInteger();
    private IlertSimulator sim;
    private IlertClient client;
    private PolicySync sync;

    @BeforeEach
    void seed() {
        sim = ilert.sim();
        sim.addUser("alice@example.com", "Alice", "Able");
        long bob = sim.addUser("bob@example.com", "Bob", "Baker");
        sim.addPolicy("Power plant", "powerplant", List.of(
                new EscalationRule(5, List.of(UserRel.of(bob)), null, null),
                new EscalationRule(10, List.of(UserRel.of(bob)), null, null)));
        RateLimitGate gate = new RateLimitGate(clock, () -> 0L, new RateLimitObserver() {
            @Override public void closed(RateLimitBucket.Kind kind) {}
            @Override public void waited(RateLimitBucket.Kind kind, Duration wait) {}
            @Override public void paced(RateLimitBucket.Kind kind, Duration wait, boolean held) {
                if (held) {
                    heldByBudget.incrementAndGet();
                }
            }
        }, Map.of(RateLimitBucket.REST, budget), clock::advance);
        URI base = URI.create(sim.baseUrl());
        client = new IlertClient(HttpClient.newHttpClient(), new IlertEndpoints(base, base, Duration.ofSeconds(2),
                Duration.ofSeconds(10)), ApiKey.fromEnv(IlertSimulator.DEFAULT_API_KEY), "ilagent/test",
                new ObjectMapper(), clock, CallObserver.NONE, gate);
        sync = new PolicySync(client, UserCache.defaults(clock), false, clock);
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void whileACallOfOneUpdateIsHeldTheOtherUpdatesOfItsPolicyWaitAsLongWithoutBookingSlotsAndThenShareOneRead() {
        Instant taken = clock.instant();
        for (int i = 0; i < budget.burst(); i++) {
            budget.take(taken, CallBudget.Turn.NEXT); // others used the budget up just now
        }

        SyncResult first = sync.apply("powerplant", "alice@example.com", 0, taken);
        SyncResult second = sync.apply("powerplant", "alice@example.com", 1, taken);

        Duration firstWait = ((SyncResult.RetryLater) first).retryAfter().orElseThrow();
        assertThat(second).isInstanceOfSatisfying(SyncResult.RetryLater.class, r -> {
            assertThat(r.held()).isTrue();
            assertThat(r.reason()).contains("another update of this policy");
            assertThat(r.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isLessThanOrEqualTo(firstWait));
        });
        assertThat(heldByBudget).as("budget slots booked").hasValue(1);
        assertThat(sim.requests()).isEmpty();

        clock.advance(firstWait);

        assertThat(sync.apply("powerplant", "alice@example.com", 0, taken)).isInstanceOf(SyncResult.Applied.class);
        assertThat(sync.apply("powerplant", "alice@example.com", 1, taken)).isInstanceOf(SyncResult.Applied.class);
        assertThat(sim.requestsTo("GET", "/api/escalation-policies/resolve")).hasSize(1);
        assertThat(sim.requestsTo("PUT", "/api/escalation-policies")).hasSize(2);
    }

    @Test
    void anUpdateOfAnotherPolicyIsNotHeldByIt() {
        Instant taken = clock.instant();
        for (int i = 0; i < budget.burst(); i++) {
            budget.take(taken, CallBudget.Turn.NEXT);
        }
        sync.apply("powerplant", "alice@example.com", 0, taken);

        SyncResult other = sync.apply("elsewhere", "alice@example.com", 0, taken);

        assertThat(other).isInstanceOfSatisfying(SyncResult.RetryLater.class,
                r -> assertThat(r.reason()).doesNotContain("another update of this policy"));
        assertThat(heldByBudget).as("budget slots booked").hasValue(2);
    }
}
