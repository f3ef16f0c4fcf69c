package io.ilagent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.source.http.HttpSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An HTTP agent as {@link DaemonWiring} builds it, ilert being the simulator, scraped over /metrics. */
class MetricsFlowTest {

    private static final String EVENT = "{\"integrationKey\":\"il1api123\",\"eventType\":\"ALERT\","
            + "\"summary\":\"disk full\",\"alertKey\":\"disk-1\"}";

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private WiredAgent agent;
    private HttpSource http;

    @BeforeEach
    void start() {
        // One retry, 500 ms later (nextDouble of Long.MIN_VALUE is 0.5 of the first 1 s ceiling).
        agent = WiredAgent.built(TestConfig.of(dir.resolve("ilagent.db3"), ilert.sim()).http().noApiKey()
                        .delivery(1, 2, Duration.ofSeconds(30)).requestTimeout(Duration.ofSeconds(5)).build(), "test",
                WiringSeams.production(Clock.systemUTC()).random(() -> Long.MIN_VALUE)
                        .timings(new WiringSeams.Timings(Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ZERO)),
                Duration.ofSeconds(5)).start();
        http = agent.parts.http().orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            agent.close();
        } finally {
            client.close();
        }
    }

    @Test
    void countersMoveWhenEventsFlowThroughToIlert() throws Exception {
        assertThat(post(EVENT).statusCode()).isEqualTo(202);
        assertThat(post(EVENT.replace("disk-1", "disk-2")).statusCode()).isEqualTo(202);
        assertThat(post("{\"eventType\":\"ALERT\"}").statusCode()).isEqualTo(400);

        await().atMost(Duration.ofSeconds(10)).until(() ->
                value(scrape(), "ilagent_deliveries_total{kind=\"event\",outcome=\"delivered\"}") == 2);
        String text = scrape();
        assertThat(value(text, "ilagent_messages_received_total{source=\"http\"}")).isEqualTo(3);
        assertThat(value(text, "ilagent_messages_accepted_total{kind=\"event\",source=\"http\"}")).isEqualTo(2);
        assertThat(value(text, "ilagent_messages_rejected_total{kind=\"event\",source=\"http\"}")).isEqualTo(1);
        assertThat(value(text, "ilagent_ilert_calls_total{endpoint=\"events\",status=\"202\"}")).isEqualTo(2);
        assertThat(value(text, "ilagent_delivery_latency_seconds_count{kind=\"event\"}")).isEqualTo(2);
        assertThat(text).contains("ilagent_delivery_latency_seconds_bucket{kind=\"event\",le=\"0.5\"}");
        assertThat(value(text, "ilagent_outbox_items")).isZero();
        assertThat(value(text, "ilagent_component_ready{component=\"http\"}")).isEqualTo(1);
        assertThat(text).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_gc_");
        assertThat(text).doesNotContain("il1api123");
    }

    @Test
    void aFailingCallCountsARetryThenADeadLetter() throws Exception {
        ilert.sim().failNext(2, 503);
        assertThat(post(EVENT).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).until(() ->
                value(scrape(), "ilagent_deliveries_total{kind=\"event\",outcome=\"exhausted\"}") == 1);
        String text = scrape();
        assertThat(value(text, "ilagent_deliveries_total{kind=\"event\",outcome=\"retry\"}")).isEqualTo(1);
        assertThat(value(text, "ilagent_ilert_calls_total{endpoint=\"events\",status=\"503\"}")).isEqualTo(2);
        assertThat(value(text, "ilagent_dead_letters")).isEqualTo(1);
        assertThat(value(text, "ilagent_outbox_items")).isZero();
    }

    @Test
    void aRateLimitedIntegrationKeyShowsOneClosureAndItsHeldCallsByBucketKindNotByKey() throws Exception {
        ilert.sim().failNext(1, 429);
        assertThat(post(EVENT).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                value(scrape(), "ilagent_ilert_rate_limit_closed_total{bucket=\"events\"}") == 1);

        assertThat(post(EVENT.replace("disk-1", "disk-2")).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).until(() ->
                value(scrape(), "ilagent_ilert_rate_limit_wait_seconds_count{bucket=\"events\"}") == 1);
        String text = scrape();
        assertThat(value(text, "ilagent_ilert_rate_limit_wait_seconds_sum{bucket=\"events\"}")).isBetween(5.0, 11.0);
        assertThat(value(text, "ilagent_ilert_calls_total{endpoint=\"events\",status=\"429\"}")).isEqualTo(1);
        assertThat(value(text, "ilagent_deliveries_total{kind=\"event\",outcome=\"retry\"}"))
                .as("the held item made no attempt").isEqualTo(1);
        assertThat(text).doesNotContain("il1api123");
    }

    private HttpResponse<String> post(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/api/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + http.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The sample value of one series, or -1 when the series is absent. */
    static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
