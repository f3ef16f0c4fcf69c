package io.ilagent.ilert;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.ilert.CallBudget.Turn;
import io.ilagent.ilert.RateLimitGate.Entry;
import io.ilagent.sim.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The gate with a call budget on the API key's REST calls; its sleeper moves the test's clock. */
class RateLimitGateBudgetTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T10:00:05Z"));
    private final List<String> observed = new CopyOnWriteArrayList<>();
    private final CallBudget budget = new CallBudget(120);
    private final RateLimitGate gate = new RateLimitGate(clock, () -> 0L, new RateLimitObserver() {
        @Override
        public void closed(RateLimitBucket.Kind kind) {
            observed.add("closed " + kind.label());
        }

        @Override
        public void waited(RateLimitBucket.Kind kind, Duration wait) {
            observed.add("waited " + kind.label());
        }

        @Override
        public void paced(RateLimitBucket.Kind kind, Duration wait, boolean held) {
            observed.add((held ? "held " : "in place ") + kind.label() + " " + wait.toMillis() + " ms");
        }
    }, Map.of(RateLimitBucket.REST, budget), clock::advance);

    private void useUpTheBurst() throws InterruptedException {
        for (int i = 0; i < budget.burst(); i++) {
            Entry entry = gate.enter(RateLimitBucket.REST, Turn.NEXT);
            gate.answered(((Entry.Go) entry).ticket(), 200, Optional.empty());
        }
    }

    @Test
    void aLookupOverBudgetIsHeldUntilJustBeforeItsTurnWithoutBeingSent() throws InterruptedException {
        useUpTheBurst();

        Entry entry = gate.enter(RateLimitBucket.REST, Turn.FIRST);

        Duration comeBack = budget.interval().multipliedBy(2).minus(budget.comeBackEarly());
        assertThat(entry).isEqualTo(new Entry.OverBudget(comeBack));
        assertThat(observed).containsExactly("held rest " + comeBack.toMillis() + " ms");
    }

    @Test
    void aPutOverBudgetWaitsInPlaceForItsTurn() throws InterruptedException {
        useUpTheBurst();
        Instant before = clock.instant();

        Entry entry = gate.enter(RateLimitBucket.REST, Turn.NEXT);

        assertThat(entry).isInstanceOf(Entry.Go.class);
        assertThat(Duration.between(before, clock.instant())).isEqualTo(budget.interval());
        assertThat(observed).containsExactly("in place rest " + budget.interval().toMillis() + " ms");
    }

    @Test
    void eventsAndPingsAreNotCountedAgainstTheApiKeysBudget() throws InterruptedException {
        useUpTheBurst();

        assertThat(gate.enter(RateLimitBucket.events("il1key"))).isInstanceOf(Entry.Go.class);
        assertThat(gate.enter(RateLimitBucket.heartbeats("hbt"))).isInstanceOf(Entry.Go.class);
        assertThat(observed).isEmpty();
    }

    @Test
    void aProbeHeldOverBudgetLeavesTheProbeToTheNextCall() throws InterruptedException {
        Entry first = gate.enter(RateLimitBucket.REST, Turn.FIRST);
        gate.answered(((Entry.Go) first).ticket(), 429, Optional.empty()); // closed for 10 s
        clock.advance(Duration.ofSeconds(10));
        useUpTheBurstAfterTheProbe();

        Entry probe = gate.enter(RateLimitBucket.REST, Turn.FIRST);
        assertThat(probe).isInstanceOf(Entry.OverBudget.class);
        clock.advance(((Entry.OverBudget) probe).freesIn());

        Entry next = gate.enter(RateLimitBucket.REST, Turn.FIRST);
        assertThat(next).isInstanceOfSatisfying(Entry.Go.class, go -> assertThat(go.ticket().probe()).isTrue());
    }

    /** Spends the budget's burst directly, so that the bucket's probe is still to come. */
    private void useUpTheBurstAfterTheProbe() {
        for (int i = 0; i < budget.burst(); i++) {
            budget.take(clock.instant(), Turn.NEXT);
        }
    }

    @Test
    void aGateWithoutABudgetLetsEveryCallGoUntilA429() throws InterruptedException {
        RateLimitGate unpaced = RateLimitGate.withRestBudget(clock, () -> 0L, RateLimitObserver.NONE, 0);

        for (int i = 0; i < 500; i++) {
            assertThat(unpaced.enter(RateLimitBucket.REST)).isInstanceOf(Entry.Go.class);
        }
    }
}
