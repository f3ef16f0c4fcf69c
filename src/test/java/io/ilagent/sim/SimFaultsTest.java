package io.ilagent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Injected failures, dropped connections and latency. */
class SimFaultsTest {
    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    private static final String EVENT = "{\"integrationKey\":\"k\",\"eventType\":\"ALERT\",\"summary\":\"s\"}";

    @Test
    void failNextAnswersTheStatusForThatManyRequestsThenRecovers() {
        ilert.sim().failNext(2, 503);
        SimHttp http = new SimHttp(ilert.sim());

        assertThat(http.post("/api/events", EVENT).statusCode()).isEqualTo(503);
        assertThat(http.post("/api/events", EVENT).statusCode()).isEqualTo(503);
        assertThat(http.post("/api/events", EVENT).statusCode()).isEqualTo(202);
        assertThat(ilert.sim().events()).hasSize(1);
        assertThat(ilert.sim().requests()).extracting(RecordedRequest::status).containsExactly(503, 503, 202);
    }

    @Test
    void failNextForAPathLeavesOtherPathsAlone() {
        ilert.sim().failNext(1, 500, "/api/pings");
        SimHttp http = new SimHttp(ilert.sim());

        assertThat(http.post("/api/events", EVENT).statusCode()).isEqualTo(202);
        assertThat(http.send("HEAD", "/api/pings/k", null, null).statusCode()).isEqualTo(500);
        assertThat(http.send("HEAD", "/api/pings/k", null, null).statusCode()).isEqualTo(202);
    }

    @Test
    void failNextForAMethodLeavesOtherMethodsAlone() {
        ilert.sim().failNext(1, Failure.status(500).on("GET", "/api/pings"));
        SimHttp http = new SimHttp(ilert.sim());

        assertThat(http.send("HEAD", "/api/pings/k", null, null).statusCode()).isEqualTo(202);
        assertThat(http.send("GET", "/api/pings/k", null, null).statusCode()).isEqualTo(500);
    }

    @Test
    void failureCanCarryRetryAfter() {
        ilert.sim().failNext(1, Failure.status(429).retryAfter("7"));

        var response = new SimHttp(ilert.sim()).post("/api/events", EVENT);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("7");
    }

    @Test
    void droppedConnectionGivesTheClientNoAnswerAndIsRecorded() {
        ilert.sim().dropNext(1);
        SimHttp http = new SimHttp(ilert.sim());

        assertThat(http.failure("POST", "/api/events", EVENT)).isNotNull();
        assertThat(http.post("/api/events", EVENT).statusCode()).isEqualTo(202);
        assertThat(ilert.sim().requests()).extracting(RecordedRequest::status).containsExactly(0, 202);
        assertThat(ilert.sim().events()).hasSize(1);
    }

    @Test
    void latencyDelaysTheAnswer() {
        ilert.sim().latency(Duration.ofMillis(300));
        SimHttp http = new SimHttp(ilert.sim());

        long start = System.nanoTime();
        assertThat(http.post("/api/events", EVENT).statusCode()).isEqualTo(202);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void latencyForAPathMakesAShortTimeoutExpireThereOnly() throws Exception {
        ilert.sim().latency("/api/pings", Duration.ofSeconds(2));
        var client = java.net.http.HttpClient.newHttpClient();
        var slow = java.net.http.HttpRequest.newBuilder(java.net.URI.create(ilert.sim().baseUrl() + "/api/pings/k"))
                .timeout(Duration.ofMillis(200)).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build();

        assertThat(new SimHttp(ilert.sim()).post("/api/events", EVENT).statusCode()).isEqualTo(202);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> client.send(slow, java.net.http.HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(HttpTimeoutException.class);
    }
}
