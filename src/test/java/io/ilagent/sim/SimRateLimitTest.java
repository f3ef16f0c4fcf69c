package io.ilagent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** REST calls per API key in fixed one-minute windows, as ilert documents (120/min by default). */
class SimRateLimitTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T10:00:05Z"));

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension(b -> b.clock(clock));

    private int resolve() {
        return new SimHttp(ilert.sim()).rest("GET", "/api/escalation-policies/resolve?routing-key=x", null).statusCode();
    }

    @Test
    void the121stRestCallInOneMinuteIsAnswered429() {
        for (int i = 0; i < 120; i++) {
            assertThat(resolve()).as("call %d", i + 1).isEqualTo(404);
        }
        assertThat(resolve()).isEqualTo(429);
    }

    @Test
    void aNewWindowStartsAtTheNextMinute() {
        ilert.sim().rateLimitPerMinute(2);
        assertThat(resolve()).isEqualTo(404);
        assertThat(resolve()).isEqualTo(404);
        assertThat(resolve()).isEqualTo(429);

        clock.advance(Duration.ofSeconds(54)); // 10:00:59, still the same window
        assertThat(resolve()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(1));  // 10:01:00
        assertThat(resolve()).isEqualTo(404);
    }

    @Test
    void eventsAndPingsDoNotCountAgainstTheApiKey() {
        ilert.sim().rateLimitPerMinute(1);
        SimHttp http = new SimHttp(ilert.sim());
        http.send("HEAD", "/api/pings/k", null, null);
        http.post("/api/events", "{\"integrationKey\":\"k\",\"eventType\":\"ALERT\",\"summary\":\"s\"}");

        assertThat(resolve()).isEqualTo(404);
        assertThat(resolve()).isEqualTo(429);
    }

    @Test
    void zeroSwitchesTheLimitOff() {
        ilert.sim().rateLimitPerMinute(0);
        for (int i = 0; i < 130; i++) {
            assertThat(resolve()).isEqualTo(404);
        }
    }
}
