package io.ilagent.ilert;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.sim.Failure;
import io.ilagent.sim.IlertSimulatorExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How each kind of answer (or no answer) from ilert is classified. */
class IlertClientOutcomeTest {
    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    private static final Event EVENT = new Event("il1api123", EventType.ALERT, "s", null, null, null, null, null, null);

    private Outcome<Void> send() {
        return SimulatedIlert.client(ilert.sim()).sendEvent(EVENT, EventChannel.API);
    }

    @Test
    void accepted202IsSuccess() {
        assertThat(send()).isEqualTo(new Outcome.Success<>(null, 202));
    }

    @Test
    void tooManyRequestsWithRetryAfterIsRetryLaterAfterThatManySeconds() {
        ilert.sim().failNext(1, Failure.status(429).retryAfter("7"));

        assertThat(send()).isInstanceOfSatisfying(Outcome.RetryLater.class, r -> {
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.retryAfter()).contains(Duration.ofSeconds(7));
        });
    }

    @Test
    void tooManyRequestsWithoutRetryAfterIsRetryLaterAfterTheRateLimitGatesBackoff() {
        ilert.sim().failNext(1, 429);

        Outcome<Void> outcome = send();

        assertThat(outcome).isInstanceOf(Outcome.RetryLater.class);
        Outcome.RetryLater<Void> r = (Outcome.RetryLater<Void>) outcome;
        assertThat(r.retryAfter().orElseThrow()).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(11));
        assertThat(r.held()).as("it was sent").isFalse();
    }

    @Test
    void serviceUnavailableWithoutRetryAfterIsRetryLaterWithoutADelay() {
        ilert.sim().failNext(1, 503);

        assertThat(send()).isInstanceOfSatisfying(Outcome.RetryLater.class,
                r -> assertThat(r.retryAfter()).isEqualTo(Optional.empty()));
    }

    @Test
    void serviceUnavailableIsRetryLater() {
        ilert.sim().failNext(1, 503);

        assertThat(send()).isInstanceOfSatisfying(Outcome.RetryLater.class, r -> assertThat(r.status()).isEqualTo(503));
    }

    @Test
    void badRequestIsFailedWithTheServersMessage() {
        ilert.sim().failNext(1, 400);

        assertThat(send()).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.reason()).contains("HTTP 400").contains("injected failure 400");
        });
    }

    @Test
    void droppedConnectionIsRetryLater() {
        ilert.sim().dropNext(1);

        assertThat(send()).isInstanceOfSatisfying(Outcome.RetryLater.class, r -> assertThat(r.status()).isZero());
        assertThat(ilert.sim().events()).isEmpty();
    }

    @Test
    void droppedConnectionOnAGetIsRetriedOnceByTheJdkClient() {
        // The JDK HttpClient silently resends an idempotent request once when the connection closes
        // before any answer; only a second drop reaches the agent.
        ilert.sim().dropNext(1);

        Outcome<EscalationPolicy> outcome = SimulatedIlert.client(ilert.sim()).resolvePolicy("pp");

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.status()).isEqualTo(404));
        assertThat(ilert.sim().requests()).extracting(io.ilagent.sim.RecordedRequest::status).containsExactly(0, 404);
    }

    @Test
    void droppedConnectionTwiceOnAGetIsRetryLater() {
        ilert.sim().dropNext(2);

        Outcome<EscalationPolicy> outcome = SimulatedIlert.client(ilert.sim()).resolvePolicy("pp");

        assertThat(outcome).isInstanceOfSatisfying(Outcome.RetryLater.class, r -> assertThat(r.status()).isZero());
    }

    @Test
    void answerSlowerThanTheRequestTimeoutIsRetryLater() {
        ilert.sim().latency("/api/events", Duration.ofSeconds(2));

        Outcome<Void> outcome = SimulatedIlert.client(ilert.sim(), Duration.ofMillis(300)).sendEvent(EVENT, EventChannel.API);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.RetryLater.class,
                r -> assertThat(r.reason()).contains("request timeout"));
    }

    @Test
    void refusedConnectionIsRetryLater() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        IlertClient client = SimulatedIlert.client("http://127.0.0.1:" + closedPort, Optional.empty(), Duration.ofSeconds(2));

        assertThat(client.sendEvent(EVENT, EventChannel.API)).isInstanceOfSatisfying(Outcome.RetryLater.class,
                r -> assertThat(r.reason()).endsWith("connection refused"));
        assertThat(client.pingHeartbeat("hb")).isInstanceOf(Outcome.RetryLater.class);
    }
}
