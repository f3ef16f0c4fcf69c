package io.ilagent.source.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.sim.Holds;
import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.sim.ReceivedPing;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatProxyTest {

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    @TempDir
    Path dir;

    private HttpAgent agent;

    @AfterEach
    void stop() throws Exception {
        agent.close();
    }

    @Test
    void successfulPingAnswers202WithAnEmptyObject() throws Exception {
        agent = new HttpAgent(dir, ilert.sim());
        HttpResponse<String> r = agent.get("/api/heartbeats/hb-key-1");

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).isEqualTo("{}");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(ilert.sim().pings()).extracting(ReceivedPing::method, ReceivedPing::key, ReceivedPing::legacy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("HEAD", "hb-key-1", false));
    }

    @Test
    void legacyKeyIsPingedOnTheLegacyEndpoint() throws Exception {
        agent = new HttpAgent(dir, ilert.sim());
        assertThat(agent.get("/api/heartbeats/il1hbt123").statusCode()).isEqualTo(202);
        assertThat(ilert.sim().pings()).singleElement().satisfies(p -> {
            assertThat(p.legacy()).isTrue();
            assertThat(p.key()).isEqualTo("il1hbt123");
        });
    }

    @Test
    void encodedKeyIsDecodedBeforeThePing() throws Exception {
        agent = new HttpAgent(dir, ilert.sim());
        assertThat(agent.get("/api/heartbeats/a%20b+c").statusCode()).isEqualTo(202);
        assertThat(ilert.sim().pings()).singleElement().satisfies(p -> assertThat(p.key()).isEqualTo("a b+c"));
    }

    @Test
    void failedPingAnswers500WithIlagentsText() throws Exception {
        agent = new HttpAgent(dir, ilert.sim());
        ilert.sim().failNext(1, 503, "/api/pings");

        HttpResponse<String> r = agent.get("/api/heartbeats/hb-key-1");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("Failed to proxy heartbeat");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    }

    @Test
    void ilertThatDropsTheConnectionAnswers500() throws Exception {
        agent = new HttpAgent(dir, ilert.sim());
        ilert.sim().dropNext(3); // the JDK client retries an idempotent HEAD once on a dropped connection
        assertThat(agent.get("/api/heartbeats/hb-key-1").statusCode()).isEqualTo(500);
    }

    @Test
    void pingStuckOnSlowIlertDoesNotDelayEventIntake() throws Exception {
        agent = new HttpAgent(dir, ilert.sim());
        Holds.Hold slow = ilert.sim().hold(""); // ilert keeps every answer back until released

        CompletableFuture<HttpResponse<String>> ping = agent.getAsync("/api/heartbeats/hb-slow");
        await("ping under way at ilert").atMost(Duration.ofSeconds(5)).until(() -> slow.arrived() == 1);
        CompletableFuture<HttpResponse<String>> post =
                agent.postEventAsync("{\"integrationKey\":\"k\",\"eventType\":\"ALERT\",\"summary\":\"s\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> post.isDone() || ping.isDone());
        assertThat(ping).as("the ping is still waiting for ilert").isNotDone();
        assertThat(post.get().statusCode()).isEqualTo(202);

        slow.release();
        await().atMost(Duration.ofSeconds(10)).until(ping::isDone);
        assertThat(ping.get().statusCode()).isEqualTo(202);
    }
}
