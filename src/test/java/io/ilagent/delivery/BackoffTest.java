package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void delaysDoubleFromOneSecondAndStopAtSixtySecondsWithJitterDrawn() {
        Backoff backoff = new Backoff(new FixedRandom(0.5));

        assertThat(IntStream.rangeClosed(1, 9).mapToObj(n -> backoff.nextDelay(n, Optional.empty())))
                .containsExactly(ms(500), ms(1_000), ms(2_000), ms(4_000), ms(8_000), ms(16_000), ms(30_000),
                        ms(30_000), ms(30_000));
    }

    @Test
    void fullJitterStaysBelowTheCeiling() {
        Backoff highest = new Backoff(new FixedRandom(0.9999));
        Backoff lowest = new Backoff(new FixedRandom(0.0));

        assertThat(highest.nextDelay(1, Optional.empty())).isEqualTo(ms(999));
        assertThat(highest.nextDelay(200, Optional.empty())).isEqualTo(ms(59_994));
        assertThat(lowest.nextDelay(7, Optional.empty())).isEqualTo(Duration.ZERO);
    }

    @Test
    void retryAfterIsUsedAsGivenWithoutJitter() {
        Backoff backoff = new Backoff(new FixedRandom(0.5));

        assertThat(backoff.nextDelay(1, Optional.of(Duration.ofSeconds(42)))).isEqualTo(Duration.ofSeconds(42));
        assertThat(backoff.nextDelay(9, Optional.of(Duration.ofSeconds(2)))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterIsCappedAtFiveMinutesAndNeverNegative() {
        Backoff backoff = new Backoff(new FixedRandom(0.5));

        assertThat(backoff.nextDelay(1, Optional.of(Duration.ofHours(3)))).isEqualTo(Duration.ofSeconds(300));
        assertThat(backoff.nextDelay(1, Optional.of(Duration.ofSeconds(-5)))).isEqualTo(Duration.ZERO);
    }

    @Test
    void maxRetriesCountsRetriesNotAttempts() {
        RetryPolicy policy = new RetryPolicy(2, new Backoff(new FixedRandom(0.5)));

        assertThat(policy.delayAfterFailure(1, Optional.empty())).contains(ms(500));
        assertThat(policy.delayAfterFailure(2, Optional.empty())).contains(ms(1_000));
        assertThat(policy.delayAfterFailure(3, Optional.empty())).isEmpty();
    }

    @Test
    void maxRetriesZeroRetriesForEver() {
        RetryPolicy policy = new RetryPolicy(0, new Backoff(new FixedRandom(0.5)));

        assertThat(policy.delayAfterFailure(1_000_000, Optional.empty())).contains(ms(30_000));
    }
}
