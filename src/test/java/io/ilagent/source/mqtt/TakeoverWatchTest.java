package io.ilagent.source.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.delivery.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TakeoverWatchTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T08:00:00Z"));
    private final TakeoverWatch watch = new TakeoverWatch(clock);

    @Test
    void threeDropsWithinAMinuteAreReportedOnceWithTheFix() {
        assertThat(watch.lost("the connection was closed", "plant")).isEmpty();
        clock.advance(Duration.ofSeconds(5));
        assertThat(watch.lost("the connection was closed", "plant")).isEmpty();
        clock.advance(Duration.ofSeconds(5));
        assertThat(watch.lost("the connection was closed", "plant")).hasValueSatisfying(text ->
                assertThat(text).contains("client id 'plant'", "3 time(s)", "-n/--mqtt_name"));
        clock.advance(Duration.ofSeconds(5));
        assertThat(watch.lost("the connection was closed", "plant")).as("once per minute").isEmpty();
    }

    @Test
    void dropsSpreadOverMoreThanAMinuteAreNoTakeover() {
        for (int i = 0; i < 5; i++) {
            assertThat(watch.lost("the connection was closed", "plant")).isEmpty();
            clock.advance(Duration.ofSeconds(31));
        }
    }

    @Test
    void aBrokerThatSaysSessionTakenOverIsBelievedAtOnce() {
        assertThat(watch.lost("the broker disconnected: SESSION_TAKEN_OVER", "plant"))
                .hasValueSatisfying(text -> assertThat(text).contains("took over the session"));
    }
}
