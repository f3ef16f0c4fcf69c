package io.ilagent.ilert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.sim.Failure;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.sim.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client behind its rate-limit gate, against the simulator; the gate's clock is moved by the test. */
class IlertClientRateLimitTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T10:00:05Z"));
    private final List<String> answered = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension(b -> b.clock(clock));

    private IlertClient client;

    private IlertClient client() {
        if (client == null) {
            URI base = URI.create(ilert.sim().baseUrl());
            client = new IlertClient(HttpClient.newHttpClient(),
                    new IlertEndpoints(base, base, Duration.ofSeconds(2), Duration.ofSeconds(10)),
                    ApiKey.fromEnv(IlertSimulator.DEFAULT_API_KEY), SimulatedIlert.USER_AGENT, new ObjectMapper(), clock,
                    (endpoint, status) -> answered.add(endpoint + " " + status),
                    new RateLimitGate(clock, () -> 0L, RateLimitObserver.NONE));
        }
        return client;
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private Outcome<Void> event(String integrationKey) {
        return client().sendEvent(new Event(integrationKey, EventType.ALERT, "s", null, null, null, null, null, null),
                EventChannel.API);
    }

    @Test
    void afterA429TheNextEventOfThatKeyIsHeldAndNotSent() {
        ilert.sim().failNext(1, Failure.status(429).on("POST", "/api/events"));
        assertThat(event("il1keyA")).isInstanceOfSatisfying(Outcome.RetryLater.class, r -> {
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.held()).isFalse();
        });

        Outcome<Void> second = event("il1keyA");

        assertThat(second).isInstanceOfSatisfying(Outcome.RetryLater.class, r -> {
            assertThat(r.held()).isTrue();
            assertThat(r.retryAfter()).contains(Duration.ofSeconds(10));
            assertThat(r.reason()).isEqualTo("event: not sent, ilert's rate limit for events of one integration key"
                    + " was reached; next try in 10 s").doesNotContain("il1keyA");
        });
        assertThat(ilert.sim().requestsTo("POST", "/api/events")).hasSize(1);
        assertThat(answered).as("a held call is no ilert call").containsExactly("events 429");
    }

    @Test
    void theFirstCallAfterTheBackoffIsSentAndItsSuccessLetsTheRestFollow() {
        ilert.sim().failNext(1, Failure.status(429).on("POST", "/api/events"));
        event("il1keyA");
        clock.advance(Duration.ofSeconds(10));

        assertThat(event("il1keyA").isSuccess()).isTrue();
        assertThat(event("il1keyA").isSuccess()).isTrue();
        assertThat(ilert.sim().events()).hasSize(2);
    }

    @Test
    void aRateLimitedIntegrationKeyHoldsUpNeitherOtherKeysNorPolicyCalls() {
        ilert.sim().failNext(1, Failure.status(429).on("POST", "/api/events"));
        event("il1keyA");

        assertThat(event("il1keyB").isSuccess()).isTrue();
        assertThat(client().resolvePolicy("no-such-key")).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.status()).isEqualTo(404));
        assertThat(event("il1keyA")).isInstanceOfSatisfying(Outcome.RetryLater.class, r -> assertThat(r.held()).isTrue());
    }

    @Test
    void aRetryAfterFromIlertSetsHowLongTheRestCallsAreHeld() {
        ilert.sim().failNext(1, Failure.status(429).on("GET", "/api/escalation-policies").retryAfter("3"));
        client().resolvePolicy("k");

        assertThat(client().findUserByEmail("a@example.com")).isInstanceOfSatisfying(Outcome.RetryLater.class, r -> {
            assertThat(r.held()).isTrue();
            assertThat(r.retryAfter()).contains(Duration.ofSeconds(3));
        });
        clock.advance(Duration.ofSeconds(3));
        assertThat(client().findUserByEmail("a@example.com")).isInstanceOf(Outcome.Failed.class); // 404: sent
    }

    @Test
    void theSimulatorsRestLimitIsHitOnceThenTheCallsWaitForTheNextWindow() {
        ilert.sim().rateLimitPerMinute(3);
        for (int i = 0; i < 10; i++) {
            client().resolvePolicy("k");
        }

        assertThat(ilert.sim().requestsTo("GET", "/api/escalation-policies")).extracting(r -> r.status())
                .containsExactly(404, 404, 404, 429);
    }
}
