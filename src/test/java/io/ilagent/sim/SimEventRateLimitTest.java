package io.ilagent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Events per integration key in fixed one-minute windows, as ilert documents (50/min), when switched on. */
class SimEventRateLimitTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T10:00:05Z"));

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension(b -> b.clock(clock));

    private HttpResponse<String> event(String integrationKey) {
        return new SimHttp(ilert.sim()).post("/api/events",
                "{\"integrationKey\":\"" + integrationKey + "\",\"eventType\":\"ALERT\",\"summary\":\"s\"}");
    }

    private int mqttEvent(String integrationKey) {
        return new SimHttp(ilert.sim()).post("/api/v1/events/mqtt/" + integrationKey,
                "{\"integrationKey\":\"" + integrationKey + "\",\"eventType\":\"ALERT\",\"summary\":\"s\"}").statusCode();
    }

    @Test
    void eventsAreNotLimitedUnlessALimitIsSet() {
        for (int i = 0; i < 60; i++) {
            assertThat(event("k").statusCode()).as("event %d", i + 1).isEqualTo(202);
        }
    }

    @Test
    void the51stEventOfAKeyInOneMinuteIsAnswered429WithoutRetryAfterAndNotRecorded() {
        ilert.sim().eventRateLimitPerMinute(50);
        for (int i = 0; i < 50; i++) {
            assertThat(event("k").statusCode()).as("event %d", i + 1).isEqualTo(202);
        }

        HttpResponse<String> limited = event("k");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isEmpty();
        assertThat(ilert.sim().events()).hasSize(50);
    }

    @Test
    void eachIntegrationKeyHasItsOwnWindowWhicheverEndpointItUses() {
        ilert.sim().eventRateLimitPerMinute(2);
        assertThat(event("a").statusCode()).isEqualTo(202);
        assertThat(mqttEvent("a")).isEqualTo(202);
        assertThat(event("a").statusCode()).isEqualTo(429);
        assertThat(mqttEvent("a")).isEqualTo(429);

        assertThat(event("b").statusCode()).isEqualTo(202);
        assertThat(mqttEvent("b")).isEqualTo(202);
    }

    @Test
    void aNewWindowStartsAtTheNextMinute() {
        ilert.sim().eventRateLimitPerMinute(1);
        assertThat(event("k").statusCode()).isEqualTo(202);
        assertThat(event("k").statusCode()).isEqualTo(429);

        clock.advance(Duration.ofSeconds(54)); // 10:00:59, still the same window
        assertThat(event("k").statusCode()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(1));  // 10:01:00
        assertThat(event("k").statusCode()).isEqualTo(202);
    }

    @Test
    void restCallsAndPingsDoNotCountAgainstAnIntegrationKey() {
        ilert.sim().eventRateLimitPerMinute(1);
        SimHttp http = new SimHttp(ilert.sim());
        http.send("HEAD", "/api/pings/k", null, null);
        http.rest("GET", "/api/escalation-policies/resolve?routing-key=k", null);

        assertThat(event("k").statusCode()).isEqualTo(202);
        assertThat(event("k").statusCode()).isEqualTo(429);
    }
}
