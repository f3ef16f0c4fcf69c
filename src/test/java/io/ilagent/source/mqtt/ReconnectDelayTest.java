package io.ilagent.source.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReconnectDelayTest {

    private static ReconnectDelay withRandom(double value) {
        return new ReconnectDelay(new Random() {
            @Override
            public double nextDouble() {
                return value;
            }
        });
    }

    @Test
    void theCeilingDoublesFrom100MillisecondsUpTo30Seconds() {
        assertThat(ReconnectDelay.ceilingMillis(0)).isEqualTo(100);
        assertThat(ReconnectDelay.ceilingMillis(1)).isEqualTo(200);
        assertThat(ReconnectDelay.ceilingMillis(8)).isEqualTo(25_600);
        assertThat(ReconnectDelay.ceilingMillis(9)).isEqualTo(30_000);
        assertThat(ReconnectDelay.ceilingMillis(1_000)).isEqualTo(30_000);
    }

    @Test
    void theDelayIsBetweenHalfTheCeilingAndTheCeiling() {
        assertThat(withRandom(0.0).next(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(withRandom(0.5).next(3)).isEqualTo(Duration.ofMillis(600));
        assertThat(withRandom(0.999_999).next(50)).isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aBrokerThatStaysAwayIsWarnedAboutAtTheFirstTwoFourEightAndThenEverySixteenthFailure() {
        List<Integer> warned = IntStream.rangeClosed(1, 64).filter(ReconnectDelay::worthAWarning).boxed().toList();
        assertThat(warned).containsExactly(1, 2, 4, 8, 16, 32, 48, 64);
    }
}
