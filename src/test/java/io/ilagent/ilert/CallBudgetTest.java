package io.ilagent.ilert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilagent.ilert.CallBudget.Decision;
import io.ilagent.ilert.CallBudget.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The per-key call budget, on instants the test chooses: no clock, no sleeps. */
class CallBudgetTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:59.900Z");

    /** Callers that always want to call: each goes as soon as the budget lets it, resolve then PUT. */
    private static List<Instant> greedyCalls(CallBudget budget, int calls) {
        List<Instant> sent = new ArrayList<>();
        Instant now = T0;
        Turn turn = Turn.FIRST;
        while (sent.size() < calls) {
            switch (budget.take(now, turn)) {
                case Decision.Go go -> {
                    now = now.plus(go.delay());
                    sent.add(now);
                    turn = turn == Turn.FIRST ? Turn.NEXT : Turn.FIRST;
                }
                case Decision.Held held -> now = now.plus(held.retryIn());
            }
        }
        return sent;
    }

    private static int mostInAnyWindow(List<Instant> sent, Duration window) {
        int most = 0;
        for (int i = 0; i < sent.size(); i++) {
            Instant end = sent.get(i).plus(window);
            int n = 0;
            for (int j = i; j < sent.size() && sent.get(j).isBefore(end); j++) {
                n++;
            }
            most = Math.max(most, n);
        }
        return most;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 7, 60, 120, 600})
    void noSixtySecondWindowEverHoldsMoreCallsThanTheBudget(int perMinute) {
        List<Instant> sent = greedyCalls(new CallBudget(perMinute), perMinute * 5 + 3);

        assertThat(mostInAnyWindow(sent, Duration.ofSeconds(60))).isLessThanOrEqualTo(perMinute);
        assertThat(mostInAnyWindow(sent, CallBudget.WINDOW)).as("a second of slack for network jitter")
                .isLessThanOrEqualTo(perMinute);
    }

    @Test
    void aBurstFinishesAsSoonAsTheBudgetAllows() {
        CallBudget budget = new CallBudget(120);

        List<Instant> sent = greedyCalls(budget, 360);

        // 4 at once, then 356 more at 117 per 61 s: 185.6 s, within 4 % of 360 calls / 120 per minute
        Duration took = Duration.between(T0, sent.getLast());
        assertThat(took).isBetween(Duration.ofSeconds(185), Duration.ofSeconds(186));
    }

    @Test
    void aLoneUpdateGoesAtOnce() {
        CallBudget budget = new CallBudget(120);

        assertThat(budget.take(T0, Turn.FIRST)).isEqualTo(new Decision.Go(Duration.ZERO));
        assertThat(budget.take(T0, Turn.FIRST)).isEqualTo(new Decision.Go(Duration.ZERO));
        assertThat(budget.take(T0, Turn.NEXT)).isEqualTo(new Decision.Go(Duration.ZERO));
    }

    @Test
    void theFirstCallOfAnUpdateLeavesTheLastSlotOfTheBurstToAPut() {
        CallBudget budget = new CallBudget(120);
        for (int i = 0; i < budget.burst() - 1; i++) {
            assertThat(budget.take(T0, Turn.FIRST)).isInstanceOf(Decision.Go.class);
        }

        assertThat(budget.take(T0, Turn.NEXT)).as("the PUT of a lookup that went").isEqualTo(new Decision.Go(Duration.ZERO));
        assertThat(budget.take(T0, Turn.FIRST)).as("another lookup, two intervals early").isInstanceOf(Decision.Held.class);
    }

    @Test
    void aLookupWaitsInPlaceForATurnAtMostOneIntervalAway() {
        CallBudget budget = new CallBudget(120);
        for (int i = 0; i < budget.burst() - 1; i++) {
            budget.take(T0, Turn.FIRST);
        }

        assertThat(budget.take(T0, Turn.FIRST)).isEqualTo(new Decision.Go(budget.interval()));
    }

    @Test
    void aPutWaitsInPlaceForTheNextSlotWhereALookupWouldBeHeld() {
        CallBudget budget = new CallBudget(120);
        for (int i = 0; i < budget.burst(); i++) {
            budget.take(T0, Turn.NEXT);
        }

        assertThat(budget.take(T0, Turn.NEXT)).isEqualTo(new Decision.Go(budget.interval()));
        assertThat(budget.take(T0, Turn.FIRST)).isInstanceOf(Decision.Held.class);
    }

    @Test
    void callersHeldTogetherAreToldToComeBackOneIntervalApart() {
        CallBudget budget = new CallBudget(120);
        for (int i = 0; i < budget.burst(); i++) {
            budget.take(T0, Turn.NEXT);
        }

        Duration first = ((Decision.Held) budget.take(T0, Turn.FIRST)).retryIn();
        Duration second = ((Decision.Held) budget.take(T0, Turn.FIRST)).retryIn();
        Duration third = ((Decision.Held) budget.take(T0.plusMillis(100), Turn.FIRST)).retryIn();

        assertThat(first).isEqualTo(budget.interval().multipliedBy(2).minus(budget.comeBackEarly()));
        assertThat(second).isEqualTo(first.plus(budget.interval()));
        assertThat(third).isEqualTo(second.plus(budget.interval()).minusMillis(100));
    }

    @Test
    void aHeldCallThatComesBackWhenToldGoes() {
        CallBudget budget = new CallBudget(120);
        for (int i = 0; i < budget.burst(); i++) {
            budget.take(T0, Turn.NEXT);
        }
        Duration retryIn = ((Decision.Held) budget.take(T0, Turn.FIRST)).retryIn();

        assertThat(budget.take(T0.plus(retryIn), Turn.FIRST)).as("waits in place for the slot booked for it")
                .isEqualTo(new Decision.Go(budget.comeBackEarly()));
    }

    @Test
    void aCallArrivingWhileOthersAreHeldIsHeldBehindThemNotGivenTheirSlots() {
        CallBudget budget = new CallBudget(120);
        for (int i = 0; i < budget.burst(); i++) {
            budget.take(T0, Turn.NEXT);
        }
        Duration held = ((Decision.Held) budget.take(T0, Turn.FIRST)).retryIn();

        Duration later = ((Decision.Held) budget.take(T0.plusMillis(300), Turn.FIRST)).retryIn();

        assertThat(later.plusMillis(300)).isEqualTo(held.plus(budget.interval()));
        assertThat(budget.take(T0.plus(held), Turn.FIRST)).isEqualTo(new Decision.Go(budget.comeBackEarly()));
    }

    @Test
    void aBookedSlotGoesToThePutThatAsksFirstAndTheCallerItWasBookedForIsHeldForTheNextFreeOne() {
        CallBudget budget = new CallBudget(120);
        for (int i = 0; i < budget.burst(); i++) {
            budget.take(T0, Turn.NEXT);
        }
        Duration held = ((Decision.Held) budget.take(T0, Turn.FIRST)).retryIn();
        Instant slot = T0.plus(held).plus(budget.comeBackEarly());

        assertThat(budget.take(slot.minusSeconds(1), Turn.NEXT)).isEqualTo(new Decision.Go(Duration.ofSeconds(1)));
        assertThat(budget.take(T0.plus(held), Turn.FIRST)).isInstanceOf(Decision.Held.class);
    }

    /** Callers of one update each (a lookup, then its PUT right after); held ones come back when told, plus {@code late}. */
    private static List<Instant> heldAndComingBack(CallBudget budget, int updates, LongSupplier lateMillis) {
        record Caller(Instant at, Turn turn) {}
        PriorityQueue<Caller> waiting = new PriorityQueue<>(Comparator.comparing(Caller::at));
        for (int i = 0; i < updates; i++) {
            waiting.add(new Caller(T0, Turn.FIRST));
        }
        List<Instant> sent = new ArrayList<>();
        while (!waiting.isEmpty()) {
            Caller c = waiting.poll();
            switch (budget.take(c.at(), c.turn())) {
                case Decision.Go go -> {
                    Instant at = c.at().plus(go.delay());
                    sent.add(at);
                    if (c.turn() == Turn.FIRST) {
                        waiting.add(new Caller(at.plusMillis(20), Turn.NEXT)); // the PUT, after the lookup's answer
                    }
                }
                case Decision.Held held ->
                        waiting.add(new Caller(c.at().plus(held.retryIn()).plusMillis(lateMillis.getAsLong()), c.turn()));
            }
        }
        sent.sort(null);
        return sent;
    }

    @Test
    void heldCallersComingBackWhenToldUseEverySlotSoABacklogTakesNoLongerThanItsCallsAtTheBudgetsPace() {
        CallBudget budget = new CallBudget(120);

        List<Instant> sent = heldAndComingBack(budget, 60, () -> 0);

        assertThat(sent).hasSize(120);
        // the burst at once (but its last slot, kept for a PUT), then at the budget's pace: call n is sent no later
        // than n - burst + 1 intervals after the start, so no slot was left idle while calls waited
        for (int i = budget.burst(); i < sent.size(); i++) {
            assertThat(sent.get(i)).as("call " + (i + 1))
                    .isBeforeOrEqualTo(T0.plus(budget.interval().multipliedBy(i + 2 - budget.burst())));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 120, 600})
    void callersComingBackLateOrNeverInTimeForTheirSlotStillNeverExceedTheBudget(int perMinute) {
        Random random = new Random(perMinute);
        CallBudget budget = new CallBudget(perMinute);

        List<Instant> sent = heldAndComingBack(budget, perMinute * 2, () -> random.nextInt(1_000));

        assertThat(sent).hasSize(perMinute * 4);
        assertThat(mostInAnyWindow(sent, Duration.ofSeconds(60))).isLessThanOrEqualTo(perMinute);
        assertThat(mostInAnyWindow(sent, CallBudget.WINDOW)).isLessThanOrEqualTo(perMinute);
    }

    @Test
    void ilertsDocumentedLimitSpacesCallsAboutHalfASecondApart() {
        CallBudget budget = new CallBudget(CallBudget.ILERT_PER_MINUTE);

        assertThat(budget.burst()).isEqualTo(4);
        assertThat(budget.interval()).isBetween(Duration.ofMillis(521), Duration.ofMillis(522)); // 61 s / 117
    }

    @Test
    void aBudgetBelowTwoOrAboveTheMaximumIsRefused() {
        assertThatThrownBy(() -> new CallBudget(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallBudget(CallBudget.MAX_PER_MINUTE + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
