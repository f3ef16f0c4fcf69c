package io.ilagent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.delivery.OutboxItem;
import io.ilagent.sim.Failure;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The daemon as a real process: graceful stop, SIGKILL and restart, dead letters and requeue, start-up failure. */
class DaemonLifecycleIT {
    private static final String EVENT = "{\"integrationKey\":\"il1api-it\",\"eventType\":\"ALERT\",\"summary\":\"disk full\","
            + "\"alertKey\":\"db-1\"}";

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    @TempDir
    Path dir;

    private IlertSimulator sim;
    private int port;

    @BeforeEach
    void setUp() throws Exception {
        sim = ilert.sim();
        port = Agent.freePort();
    }

    @Test
    void sigtermStopsTheDaemonGracefullyWithExitZero() throws Exception {
        try (AgentProcess agent = Agent.daemon(dir, sim, Map.of(), "-p", String.valueOf(port))) {
            Agent.awaitReady(port, agent);
            assertThat(Agent.postEvent(port, EVENT).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> sim.events().size() == 1);
            agent.terminate();
            assertThat(agent.waitFor(Duration.ofSeconds(20))).isZero();
            assertThat(agent.stderr()).contains("Received SIGTERM, stopping gracefully").contains("ilagent daemon stopped");
        }
    }

    @Test
    void retryStateSurvivesSigkillAndTheEventIsDeliveredOnceAfterRestart() throws Exception {
        sim.failNext(1000, Failure.status(503).on("POST", "/api/events"));
        try (AgentProcess agent = Agent.daemon(dir, sim, Map.of(), "-p", String.valueOf(port))) {
            Agent.awaitReady(port, agent);
            assertThat(Agent.postEvent(port, EVENT).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.requestsTo("POST", "/api/events").size() >= 2);
            agent.kill();
            agent.waitFor(Duration.ofSeconds(10));
        }
        List<OutboxItem> afterKill = Agent.pending(dir);
        assertThat(afterKill).singleElement().satisfies(item -> {
            assertThat(item.attempts()).as("attempts were stored, not kept in memory").isGreaterThanOrEqualTo(1);
            assertThat(item.lastError()).hasValueSatisfying(e -> assertThat(e).contains("503"));
        });
        sim.reset();
        try (AgentProcess agent = Agent.daemon(dir, sim, Map.of(), "-p", String.valueOf(port))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> sim.events().size() == 1);
            assertThat(sim.events().getFirst().alertKey()).isEqualTo("db-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> Agent.pending(dir).isEmpty());
            assertThat(sim.events()).hasSize(1);
            agent.terminate();
            assertThat(agent.waitFor(Duration.ofSeconds(20))).isZero();
        }
    }

    @Test
    void exhaustedEventBecomesADeadLetterAndQueueRetryDeliversIt() throws Exception {
        sim.failNext(2, Failure.status(503).on("POST", "/api/events"));
        try (AgentProcess agent = Agent.daemon(dir, sim, Map.of(), "-p", String.valueOf(port), "--max_retries", "1")) {
            Agent.awaitReady(port, agent);
            Agent.postEvent(port, EVENT);
            await().atMost(Duration.ofSeconds(30)).until(() -> Agent.deadLetters(dir).size() == 1);
            assertThat(Agent.deadLetters(dir).getFirst().attempts()).isEqualTo(2);
            assertThat(sim.events()).isEmpty();

            try (AgentProcess list = Agent.cli(dir, "queue", "list")) {
                assertThat(list.waitFor(Duration.ofSeconds(30))).isZero();
                assertThat(list.stdout()).contains("Dead letters: 1").contains("503");
            }
            try (AgentProcess retry = Agent.cli(dir, "queue", "retry", "--all-dead")) {
                assertThat(retry.waitFor(Duration.ofSeconds(30))).isZero();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.events().size() == 1);
            assertThat(Agent.deadLetters(dir)).isEmpty();
            agent.terminate();
            agent.waitFor(Duration.ofSeconds(20));
        }
    }

    @Test
    void portInUseStopsTheDaemonWithExitOneAndAClearLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(port);
             AgentProcess agent = Agent.daemon(dir, sim, Map.of(), "-p", String.valueOf(port))) {
            assertThat(agent.waitFor(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(agent.stderr()).contains("Cannot start the daemon: cannot listen on").contains(String.valueOf(port))
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void ownHeartbeatIsPingedAtStartEvenWithoutHttpServer() throws Exception {
        try (AgentProcess agent = Agent.daemon(dir, sim, Map.of(), "-b", "il1hbt-own")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !sim.requestsTo("GET", "/api/heartbeats/il1hbt-own").isEmpty());
            agent.terminate();
            assertThat(agent.waitFor(Duration.ofSeconds(20))).isZero();
        }
    }
}
