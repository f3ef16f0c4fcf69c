package io.ilagent.ilert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilagent.ilert.CallBudget.Decision;
import io.ilagent.ilert.CallBudget.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

        assertThat(first).isEqualTo(budget.interval().multipliedBy(2));
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

        assertThat(budget.take(T0.plus(retryIn), Turn.FIRST)).isEqualTo(new Decision.Go(Duration.ZERO));
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
