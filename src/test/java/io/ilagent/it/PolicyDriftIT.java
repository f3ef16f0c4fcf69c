package io.ilagent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.delivery.Database;
import io.ilagent.delivery.PolicyUpdatePayload;
import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.EscalationRule.ScheduleRel;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.policy.PolicyAudit;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.source.mqtt.Mosquitto;
import io.ilagent.source.mqtt.Publisher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift check end to end: the real agent sets two levels from MQTT, an admin changes one by hand through
 * ilert's API (the schema-checking simulator), and {@code ilagent policy check} or the daemon's periodic check
 * finds, reports and (when asked) repairs it.
 */
class PolicyDriftIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> API_KEY = Map.of("ILERT_API_KEY", IlertSimulator.DEFAULT_API_KEY);

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    @TempDir
    Path dir;

    private Mosquitto broker;
    private IlertSimulator sim;
    private long alice;
    private long carol;
    private long plant;

    @BeforeEach
    void setUp() {
        broker = Mosquitto.start(dir.resolve("broker"));
        sim = ilert.sim();
        alice = sim.addUser("alice@example.com", "Alice", "Able");
        long bob = sim.addUser("bob@example.com", "Bob", "Baker");
        carol = sim.addUser("carol@example.com", "Carol", "Cook");
        plant = sim.addPolicy("Power plant", "powerplant", List.of(
                new EscalationRule(5, List.of(UserRel.of(bob)), null, null),
                new EscalationRule(10, List.of(UserRel.of(bob)), List.of(new ScheduleRel(31L, "Night", "STATIC")), null)));
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void aLevelChangedByHandIsReportedByPolicyCheckAndPutBackWithRepair() throws Exception {
        try (AgentProcess agent = daemon()) {
            aliceOnBothLevels();
            agent.terminate();
            assertThat(agent.waitFor(Duration.ofSeconds(20))).isZero();
        }
        adminPutsOnLevel(1, carol);

        Run check = policyCheck();
        assertThat(check.exitCode).as(check.output).isEqualTo(1);
        assertThat(check.output).contains("DRIFT         routing key 'powerplant', policy 'Power plant' (id " + plant
                + "), level 1: expected alice@example.com (user " + alice + "), found [user " + carol + "]")
                .contains("2 levels checked: 1 as the agent set them, 1 drifted.");

        Run repair = policyCheck("--repair");
        assertThat(repair.exitCode).as(repair.output).isZero();
        assertThat(repair.output).contains("REPAIRED      routing key 'powerplant'").contains("1 repaired");
        assertThat(level(1).users()).containsExactly(UserRel.of(alice));
        assertThat(level(1).escalationTimeout()).as("the level's timeout is kept").isEqualTo(10);
        assertThat(level(1).schedules()).extracting(ScheduleRel::id).containsExactly(31L);

        Run after = policyCheck();
        assertThat(after.exitCode).as(after.output).isZero();
        assertThat(after.output).contains("2 levels checked: 2 as the agent set them, 0 drifted.");
        assertThat(history()).contains("APPLIED").contains(PolicyAudit.DRIFT_CHECK);
    }

    @Test
    void policyCheckExitsSeventyFiveWhenIlertCannotBeReached() throws Exception {
        try (Database db = Database.open(dir.resolve("agent.db3"), Clock.systemUTC())) {
            new PolicyAudit(db, Clock.systemUTC()).record(new PolicyUpdatePayload("powerplant", "alice@example.com", 0,
                            "m1", Instant.now().toString()), PolicyAudit.Verdict.APPLIED, Optional.of(plant), List.of(),
                    Optional.of(alice), Optional.empty());
        }
        sim.failNext(10, 503, "/api/escalation-policies/resolve");

        Run check = policyCheck();

        assertThat(check.exitCode).as(check.output).isEqualTo(75);
        assertThat(check.output).contains("NOT CHECKED   routing key 'powerplant', level 0: not checked");
    }

    @Test
    void theDaemonReportsADriftOnceEveryIntervalCountsItAndRepairsOnlyWithPolicyRepair() throws Exception {
        try (AgentProcess agent = daemon("--policy_check_interval", "1")) {
            aliceOnBothLevels();
            adminPutsOnLevel(0, carol);

            await().atMost(Duration.ofSeconds(30)).until(() -> metric(agent, "ilagent_policy_drifted_levels") == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> count(agent.stderr(), "Policy check: 2 levels checked, 1 drifted") >= 3);
            assertThat(count(agent.stderr(), "Policy level changed in ilert since the agent set it: routing key "
                    + "'powerplant', policy 'Power plant' (id " + plant + "), level 0")).as("one WARN per change").isEqualTo(1);
            assertThat(level(0).users()).as("not repaired without --policy_repair").containsExactly(UserRel.of(carol));
            agent.terminate();
            assertThat(agent.waitFor(Duration.ofSeconds(20))).isZero();
        }
        try (AgentProcess agent = daemon("--policy_check_interval", "1", "--policy_repair")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> level(0).users().equals(List.of(UserRel.of(alice))));
            await().atMost(Duration.ofSeconds(30)).until(() -> metric(agent, "ilagent_policy_drifted_levels") == 0);
            assertThat(level(0).escalationTimeout()).isEqualTo(5);
            assertThat(agent.stdout() + agent.stderr()).doesNotContain(IlertSimulator.DEFAULT_API_KEY);
            agent.terminate();
            assertThat(agent.waitFor(Duration.ofSeconds(20))).isZero();
        }
        assertThat(history()).containsOnlyOnce("DRIFT");
    }

    private int port;

    private AgentProcess daemon(String... extra) throws Exception {
        port = Agent.freePort();
        List<String> flags = new ArrayList<>(List.of("-m", "127.0.0.1", "-q", String.valueOf(broker.port()), "-n", "it-drift",
                "--mqtt_qos", "1", "--policy_topic", "user/+", "--policy_routing_keys", "location", "--shift_offset=-1",
                "-p", String.valueOf(port)));
        flags.addAll(List.of(extra));
        AgentProcess agent = Agent.daemon(dir, sim, API_KEY, flags.toArray(String[]::new));
        Agent.awaitReady(port, agent);
        return agent;
    }

    private void aliceOnBothLevels() throws Exception {
        try (Publisher publisher = new Publisher(broker.port())) {
            for (int shift = 1; shift <= 2; shift++) {
                publisher.publish("user/logins", "{\"location\":\"powerplant\",\"data\":{\"email\":\"alice@example.com\","
                        + "\"shift\":\"" + shift + "\"}}");
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> level(0).users().equals(List.of(UserRel.of(alice)))
                && level(1).users().equals(List.of(UserRel.of(alice))));
    }

    /** What an admin does in ilert's UI or API: swap the user on a level, keeping the rest of it. */
    private void adminPutsOnLevel(int level, long user) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sim.baseUrl() + "/api/escalation-policies/" + plant + "/levels/" + level))
                .header("Authorization", "Bearer " + IlertSimulator.DEFAULT_API_KEY).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(level(level).withUsers(List.of(UserRel.of(user))))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private record Run(int exitCode, String output) {}

    private Run policyCheck(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-f", dir.resolve("agent.db3").toString(), "policy", "check",
                "--ilert_url", sim.baseUrl()));
        args.addAll(List.of(extra));
        try (AgentProcess check = AgentProcess.startJar(dir, API_KEY, args.toArray(String[]::new))) {
            int code = check.waitFor(Duration.ofSeconds(60));
            assertThat(check.stdout() + check.stderr()).doesNotContain(IlertSimulator.DEFAULT_API_KEY);
            return new Run(code, check.stdout() + check.stderr());
        }
    }

    private String history() throws Exception {
        try (AgentProcess history = Agent.cli(dir, "policy", "history")) {
            assertThat(history.waitFor(Duration.ofSeconds(30))).isZero();
            return history.stdout();
        }
    }

    private EscalationRule level(int n) {
        return sim.policy(plant).orElseThrow().escalationRules().get(n);
    }

    private double metric(AgentProcess agent, String series) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        var m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
