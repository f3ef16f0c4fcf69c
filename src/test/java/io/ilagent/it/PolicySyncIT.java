package io.ilagent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.EscalationRule.ScheduleRel;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.source.mqtt.Mosquitto;
import io.ilagent.source.mqtt.Publisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed document's example end to end: a shift change published on MQTT reaches ilert as exactly
 * that level change, through the real agent process, and the history command shows it.
 */
class PolicySyncIT {
    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    @TempDir
    Path dir;

    private Mosquitto broker;
    private IlertSimulator sim;
    private long alice;
    private long bob;
    private long plant;

    @BeforeEach
    void setUp() {
        broker = Mosquitto.start(dir.resolve("broker"));
        sim = ilert.sim();
        alice = sim.addUser("alice@example.com", "Alice", "Able");
        bob = sim.addUser("bob@example.com", "Bob", "Baker");
        plant = sim.addPolicy("Power plant", "powerplant", List.of(
                new EscalationRule(5, List.of(UserRel.of(bob)), null, null),
                new EscalationRule(10, List.of(UserRel.of(bob)), List.of(new ScheduleRel(31L, "Night", "STATIC")), null)));
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"direct", "buffered"})
    void publishedShiftChangeBecomesExactlyThatLevelChange(String mode) throws Exception {
        List<String> flags = new java.util.ArrayList<>(List.of("-m", "127.0.0.1", "-q", String.valueOf(broker.port()),
                "-n", "it-" + mode, "--mqtt_qos", "1", "--policy_topic", "user/+", "--policy_routing_keys", "location",
                "--shift_offset=-1", "--filter_key", "eventType", "--filter_val", "active"));
        if (mode.equals("buffered")) {
            flags.add("--mqtt_buffer");
        }
        int port = Agent.freePort();
        flags.addAll(List.of("-p", String.valueOf(port)));
        try (AgentProcess agent = Agent.daemon(dir, sim, Map.of("ILERT_API_KEY", IlertSimulator.DEFAULT_API_KEY),
                flags.toArray(String[]::new));
             Publisher publisher = new Publisher(broker.port())) {
            Agent.awaitReady(port, agent);
            publisher.publish("user/logins", "{\"location\":\"powerplant\",\"eventType\":\"inactive\","
                    + "\"data\":{\"email\":\"alice@example.com\",\"shift\":\"1\"}}");
            publisher.publish("user/logins", "{\"location\":\"powerplant\",\"eventType\":\"active\","
                    + "\"data\":{\"email\":\"alice@example.com\",\"shift\":\"2\"}}");
            await().atMost(Duration.ofSeconds(30)).until(() -> level(1).users().equals(List.of(UserRel.of(alice))));

            assertThat(level(1).escalationTimeout()).isEqualTo(10);
            assertThat(level(1).schedules()).extracting(ScheduleRel::id).containsExactly(31L);
            assertThat(level(0).users()).as("the filtered message changed nothing").containsExactly(UserRel.of(bob));
            assertThat(sim.requestsTo("PUT", "/api/escalation-policies")).hasSize(1);

            try (AgentProcess history = Agent.cli(dir, "policy", "history")) {
                assertThat(history.waitFor(Duration.ofSeconds(30))).isZero();
                assertThat(history.stdout()).contains("APPLIED").contains("powerplant").contains("[" + bob + "]")
                        .contains("alice@example.com").contains("mqtt:user/logins");
            }
            agent.terminate();
            assertThat(agent.waitFor(Duration.ofSeconds(20))).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"direct", "buffered"})
    void anOlderSourceTimeArrivingAfterANewerOneSendsNothingAlsoAfterARestart(String mode) throws Exception {
        List<String> flags = new java.util.ArrayList<>(List.of("-m", "127.0.0.1", "-q", String.valueOf(broker.port()),
                "-n", "ts-" + mode, "--mqtt_qos", "1", "--policy_topic", "user/+", "--policy_routing_keys", "location",
                "--map_key_timestamp", "data.time"));
        if (mode.equals("buffered")) {
            flags.add("--mqtt_buffer");
        }
        int port = Agent.freePort();
        flags.addAll(List.of("-p", String.valueOf(port)));
        String newer = update("alice", "2026-12-02T08:05:00Z");
        String older = update("bob", "2026-12-02T08:00:00Z");
        try (Publisher publisher = new Publisher(broker.port())) {
            try (AgentProcess agent = startAgent(flags, port)) {
                publisher.publish("user/logins", newer);
                await().atMost(Duration.ofSeconds(30)).until(() -> level(1).users().equals(List.of(UserRel.of(alice))));
                publisher.publish("user/logins", older);
                awaitHistory("SUPERSEDED", 1);
                agent.terminate();
                assertThat(agent.waitFor(Duration.ofSeconds(20))).isZero();
            }
            try (AgentProcess agent = startAgent(flags, port)) {
                publisher.publish("user/logins", older); // e.g. redelivered or requeued after the restart
                publisher.publish("user/logins", "{\"location\":\"powerplant\",\"data\":{\"email\":\"bob@example.com\","
                        + "\"shift\":\"0\"}}");
                awaitHistory("SUPERSEDED", 2);
                agent.terminate();
                assertThat(agent.waitFor(Duration.ofSeconds(20))).isZero();
            }
        }
        assertThat(level(1).users()).containsExactly(UserRel.of(alice));
        assertThat(sim.requestsTo("PUT", "/api/escalation-policies")).hasSize(1);
        try (AgentProcess letters = Agent.cli(dir, "queue", "list")) {
            assertThat(letters.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(letters.stdout()).contains("no timestamp (--map_key_timestamp): 'data.time'");
        }
    }

    private AgentProcess startAgent(List<String> flags, int port) throws Exception {
        AgentProcess agent = Agent.daemon(dir, sim, Map.of("ILERT_API_KEY", IlertSimulator.DEFAULT_API_KEY),
                flags.toArray(String[]::new));
        Agent.awaitReady(port, agent);
        return agent;
    }

    private static String update(String user, String time) {
        return "{\"location\":\"powerplant\",\"data\":{\"email\":\"" + user + "@example.com\",\"shift\":\"1\","
                + "\"time\":\"" + time + "\"}}";
    }

    private void awaitHistory(String outcome, int count) {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            try (AgentProcess history = Agent.cli(dir, "policy", "history")) {
                history.waitFor(Duration.ofSeconds(30));
                return history.stdout().lines().filter(line -> line.contains(outcome)).count() >= count;
            }
        });
    }

    private EscalationRule level(int n) {
        return sim.policy(plant).orElseThrow().escalationRules().get(n);
    }
}
