package io.ilagent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import io.ilagent.source.mqtt.Mosquitto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the agent says at the default verbosity: that it is up, why a broker is away, and errors in one line. */
class OperatorMessagesIT {
    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    @TempDir
    Path dir;

    private AgentProcess daemon(String... flags) throws Exception {
        IlertSimulator sim = ilert.sim();
        List<String> args = new ArrayList<>(List.of("-f", dir.resolve("agent.db3").toString(), "daemon",
                "--ilert_url", sim.baseUrl(), "--ilert_beat_url", sim.baseUrl(), "--shutdown_timeout", "5"));
        args.addAll(List.of(flags));
        return AgentProcess.startJar(dir, Map.of("ILERT_API_KEY", IlertSimulator.DEFAULT_API_KEY), args.toArray(String[]::new));
    }

    private static List<String> lines(AgentProcess agent, String containing) {
        return agent.stderr().lines().filter(line -> line.contains(containing)).toList();
    }

    @Test
    void theDaemonSaysInOneLineWhatItRunsOnceItIsUpAndWarnsWhileTheBrokerCannotBeReached() throws Exception {
        int http = Agent.freePort();
        int noBroker = Agent.freePort(); // nothing listens there
        try (AgentProcess agent = daemon("-p", String.valueOf(http), "-m", "127.0.0.1", "-q", String.valueOf(noBroker),
                "-e", "plant/+/events", "--policy_topic", "plant/policy", "--policy_routing_keys", "site", "--mqtt_qos", "1",
                "-n", "site-agent")) {
            // Attempts 1, 2, 3 and 4 fail within about a second of the start; the start may take long on a busy machine.
            await().atMost(Duration.ofSeconds(90)).until(() -> !lines(agent, "(attempt 4)").isEmpty());

            assertThat(lines(agent, " up: ")).singleElement().asString()
                    .contains("INFO", "HTTP on 0.0.0.0:" + http, "MQTT 127.0.0.1:" + noBroker, "client site-agent",
                            "events from plant/+/events", "policy updates from plant/policy",
                            "database " + dir.resolve("agent.db3"));
            List<String> warnings = lines(agent, "Cannot reach MQTT broker 127.0.0.1:" + noBroker);
            assertThat(warnings).hasSize(3).allSatisfy(line -> assertThat(line)
                    .contains("WARN", ": connection refused; retrying in ").doesNotContain("Exception"));
            assertThat(warnings.get(0)).contains("(attempt 1)");
            assertThat(warnings.get(1)).contains("(attempt 2)");
            assertThat(warnings.get(2)).contains("(attempt 4)"); // the third attempt failed quietly
            agent.terminate();
            assertThat(agent.waitFor(Duration.ofSeconds(20))).isZero();
        }
    }

    @Test
    void twoAgentsWithOneClientIdAreToldAtErrorToUseTheirOwnName() throws Exception {
        Mosquitto broker = Mosquitto.start(dir.resolve("broker"));
        IlertSimulator sim = ilert.sim();
        try (AgentProcess first = twin(sim, broker, "a"); AgentProcess second = twin(sim, broker, "b")) {
            await().atMost(Duration.ofSeconds(90)).until(() -> !lines(first, "-n/--mqtt_name").isEmpty()
                    || !lines(second, "-n/--mqtt_name").isEmpty());

            AgentProcess told = lines(first, "-n/--mqtt_name").isEmpty() ? second : first;
            assertThat(lines(told, "-n/--mqtt_name")).first().asString()
                    .contains("ERROR", "client id 'twin'", "same client id");
        } finally {
            broker.close();
        }
    }

    private AgentProcess twin(IlertSimulator sim, Mosquitto broker, String name) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        return AgentProcess.startJar(home, Map.of("ILERT_API_KEY", IlertSimulator.DEFAULT_API_KEY), "-f",
                home.resolve("agent.db3").toString(), "daemon", "--ilert_url", sim.baseUrl(), "--ilert_beat_url",
                sim.baseUrl(), "-m", "127.0.0.1", "-q", String.valueOf(broker.port()), "-n", "twin", "--mqtt_qos", "1",
                "-e", "plant/events");
    }

    @Test
    void aPortInUseIsOneLineWithoutAStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"));
             AgentProcess agent = daemon("-p", String.valueOf(taken.getLocalPort()))) {
            assertThat(agent.waitFor(Duration.ofSeconds(30))).isEqualTo(1);
            List<String> errors = lines(agent, "ERROR");
            assertThat(errors).singleElement().asString()
                    .contains("Cannot start the daemon: cannot listen on 0.0.0.0:" + taken.getLocalPort()
                            + ": Address already in use");
            assertThat(agent.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void anEventThatCannotReachIlertNamesTheUrlAndTheCauseInOneLine() throws Exception {
        int closed = Agent.freePort();
        try (AgentProcess agent = AgentProcess.startJar(dir, Map.of(), "event", "-k", "il1api-k", "-t", "ALERT", "-s", "hi",
                "--ilert_url", "http://127.0.0.1:" + closed)) {
            assertThat(agent.waitFor(Duration.ofSeconds(30))).isEqualTo(75);
            assertThat(agent.stderr().lines()).singleElement().asString().isEqualTo("ilagent event: event not delivered,"
                    + " try again later: event: cannot reach ilert at http://127.0.0.1:" + closed + ": connection refused");
        }
    }

    @Test
    void aHeartbeatThatCannotResolveIlertSaysUnknownHost() throws Exception {
        try (AgentProcess agent = AgentProcess.startJar(dir, Map.of(), "heartbeat", "-k", "ilhbt-k",
                "--ilert_beat_url", "https://beat.ilert.invalid")) {
            assertThat(agent.waitFor(Duration.ofSeconds(30))).isEqualTo(75);
            assertThat(agent.stderr().lines()).singleElement().asString()
                    .endsWith(": cannot reach ilert at https://beat.ilert.invalid: unknown host");
        }
    }

    @Test
    void theDaemonsRetryLineNamesWhereIlertWasLookedForAndWhyItWasNotReached() throws Exception {
        int http = Agent.freePort();
        int closed = Agent.freePort();
        List<String> args = List.of("-f", dir.resolve("agent.db3").toString(), "daemon", "-p", String.valueOf(http),
                "--ilert_url", "http://127.0.0.1:" + closed, "--shutdown_timeout", "5");
        try (AgentProcess agent = AgentProcess.startJar(dir, Map.of(), args.toArray(String[]::new))) {
            Agent.awaitReady(http, agent);
            assertThat(Agent.postEvent(http, "{\"integrationKey\":\"il1api-k\",\"eventType\":\"ALERT\",\"summary\":\"x\"}")
                    .statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> !lines(agent, "attempt 1 failed").isEmpty());
            assertThat(lines(agent, "attempt 1 failed")).first().asString()
                    .contains("WARN", "cannot reach ilert at http://127.0.0.1:" + closed + ": connection refused")
                    .doesNotContain("Exception");
        }
    }
}
