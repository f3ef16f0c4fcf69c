package io.ilagent.source.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.sim.IlertSimulatorExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ProbeRoutesTest {

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    @TempDir
    Path dir;

    private HttpAgent agent;

    @BeforeEach
    void start() {
        agent = new HttpAgent(dir, ilert.sim()).startDelivery();
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
    }

    @Test
    void indexAnswersTheVersionAsPlainText() throws Exception {
        HttpResponse<String> r = agent.get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ilagent/" + HttpAgent.VERSION);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    }

    @Test
    void metricsAnswersTheAgentsPrometheusText() throws Exception {
        HttpResponse<String> r = agent.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("# TYPE ilagent_component_ready gauge",
                "ilagent_component_ready{component=\"http\"} 1", "ilagent_outbox_items 0");
        assertThat(r.headers().firstValue("Content-Type")).hasValue(Probes.METRICS_TYPE);
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        assertThat(agent.get("/nope").statusCode()).isEqualTo(404);
        assertThat(agent.get("/api/heartbeats/").statusCode()).isEqualTo(404);
        assertThat(agent.get("/api/heartbeats/a/b").statusCode()).isEqualTo(404);
    }

    @Test
    void wrongMethodOnAKnownPathIsNotAllowedAndSaysWhatIs() throws Exception {
        HttpResponse<String> getEvents = agent.get("/api/events");
        assertThat(getEvents.statusCode()).isEqualTo(405);
        assertThat(getEvents.headers().firstValue("Allow")).hasValue("POST");

        HttpResponse<String> postHealth = agent.send(HttpRequest.newBuilder(agent.uri("/health"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(postHealth.statusCode()).isEqualTo(405);
        assertThat(postHealth.headers().firstValue("Allow")).hasValue("GET");
    }

    @Nested
    class Health {

        @Test
        void isNoContentWhileRunning() throws Exception {
            HttpResponse<String> r = agent.get("/health");
            assertThat(r.statusCode()).isEqualTo(204);
            assertThat(r.body()).isEmpty();
        }

        @Test
        void isUnavailableOnceStopping() throws Exception {
            agent.health.stopping();
            HttpResponse<String> r = agent.get("/health");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEmpty();
        }

        @Test
        void isUnavailableWhenAComponentFailed() throws Exception {
            agent.health.register("kafka");
            agent.health.failed("kafka", "worker exited");
            assertThat(agent.get("/health").statusCode()).isEqualTo(503);
        }

        @Test
        void staysNoContentWhenAComponentIsOnlyNotReady() throws Exception {
            agent.health.register("mqtt");
            assertThat(agent.get("/health").statusCode()).isEqualTo(204);
        }
    }

    @Nested
    class Ready {

        @Test
        void isNoContentWhenEveryComponentIsReady() throws Exception {
            agent.health.register("delivery");
            agent.health.ready("delivery");
            HttpResponse<String> r = agent.get("/ready");
            assertThat(r.statusCode()).isEqualTo(204);
            assertThat(r.body()).isEmpty();
        }

        @Test
        void namesTheDaemonWhenShuttingDown() throws Exception {
            agent.health.stopping();
            HttpResponse<String> r = agent.get("/ready");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("{\"component\":\"daemon\",\"error\":\"shutting down\"}");
        }

        @Test
        void namesTheFirstComponentThatIsNotReadyWithItsDetail() throws Exception {
            agent.health.register("mqtt");
            agent.health.notReady("mqtt", "Connection lost");
            agent.health.register("kafka");
            HttpResponse<String> r = agent.get("/ready");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("{\"component\":\"mqtt\",\"error\":\"Connection lost\"}");
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        }

        @Test
        void followsAComponentBackToReady() throws Exception {
            agent.health.register("mqtt");
            assertThat(agent.get("/ready").statusCode()).isEqualTo(503);
            agent.health.ready("mqtt");
            assertThat(agent.get("/ready").statusCode()).isEqualTo(204);
        }

        @Test
        void namesTheHttpServerOnceItStopped() throws Exception {
            // the probe cannot answer after stop, so read the state the server left behind
            agent.http.stop(java.time.Duration.ZERO);
            assertThat(agent.health.firstNotReady()).hasValueSatisfying(c -> {
                assertThat(c.name()).isEqualTo(HttpSource.COMPONENT);
                assertThat(c.state().detail()).isEqualTo("stopped");
            });
        }
    }
}
