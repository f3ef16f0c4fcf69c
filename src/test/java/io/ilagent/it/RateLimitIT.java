package io.ilagent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.sim.RecordedRequest;
import io.ilagent.sim.TestClock;
import io.ilagent.source.mqtt.Mosquitto;
import io.ilagent.source.mqtt.Publisher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 429 handling for a key whose limit others use up: a burst of policy updates through the real agent process (MQTT buffered, outbox, delivery engine) into a
 * simulator that allows 20 REST calls per one-minute window. The simulator's minute is moved by the test,
 * one window per 429 burst, so the test does not wait for real minutes; the agent waits its own backoff.
 */
class RateLimitIT {
    private static final int LIMIT = 12;
    private static final int MAX_IN_FLIGHT = 4;
    private static final int POLICIES = 8;
    private static final int LEVELS = 3;
    /** The simulator's limit and the agent's budget in the paced test: high enough for a short test (0.2 s per call). */
    private static final int PACED_LIMIT = 300;

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T10:00:05Z"));

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension(b -> b.clock(clock));

    @TempDir
    Path dir;

    private Mosquitto broker;
    private IlertSimulator sim;
    private long alice;
    private final List<Long> policies = new ArrayList<>();

    @BeforeEach
    void setUp() {
        broker = Mosquitto.start(dir.resolve("broker"));
        sim = ilert.sim();
        alice = sim.addUser("alice@example.com", "Alice", "Able");
        long bob = sim.addUser("bob@example.com", "Bob", "Baker");
        for (int p = 0; p < POLICIES; p++) {
            List<EscalationRule> rules = new ArrayList<>();
            for (int level = 0; level < LEVELS; level++) {
                rules.add(new EscalationRule(5, List.of(UserRel.of(bob)), null, null));
            }
            policies.add(sim.addPolicy("policy " + p, "p" + p, rules));
        }
        sim.rateLimitPerMinute(LIMIT);
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void aBurstOverTheRestLimitGetsThroughWithFewRejectedCallsBecauseTheAgentWaitsForTheNextWindow() throws Exception {
        int port = Agent.freePort();
        try (AgentProcess agent = Agent.daemon(dir, sim, Map.of("ILERT_API_KEY", IlertSimulator.DEFAULT_API_KEY),
                "-m", "127.0.0.1", "-q", String.valueOf(broker.port()), "-n", "it-rate", "--mqtt_buffer",
                "--policy_topic", "shift/+", "--policy_routing_keys", "location", "--shift_offset=-1",
                "--max_in_flight", String.valueOf(MAX_IN_FLIGHT), "-p", String.valueOf(port),
                // as if other tools used the key: the limit runs out although the agent keeps to its own budget
                "--ilert_api_rate", "6000");
             Publisher publisher = new Publisher(broker.port())) {
            Agent.awaitReady(port, agent);
            for (int p = 0; p < POLICIES; p++) {
                for (int level = 0; level < LEVELS; level++) {
                    publisher.publish("shift/change", "{\"location\":\"p" + p + "\",\"data\":{\"email\":\"alice@example.com\","
                            + "\"shift\":\"" + (level + 1) + "\"}}");
                }
            }

            AtomicInteger seen429 = new AtomicInteger();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
                int now429 = rejected().size();
                if (now429 > seen429.getAndSet(now429)) {
                    clock.advance(Duration.ofMinutes(1)); // the limited window is over; the agent does not know yet
                }
                return allLevelsHoldAlice();
            });

            List<RecordedRequest> calls = restCalls();
            // 17 to 33 calls are needed (a user search, 8 resolves shared by each policy's levels, one PUT per policy
            // up to one per level), so one or two windows of 12 run out. Each time at most the calls in flight get 429
            // (MAX_IN_FLIGHT), then the agent holds all calls until its probe (an update cut short after its resolve
            // may resolve again).
            assertThat(rejected()).as("429 answers of %d REST calls", calls.size()).hasSizeLessThanOrEqualTo(2 * MAX_IN_FLIGHT + 2);
            assertThat(calls).as("REST calls").hasSizeLessThan(80);
            assertThat(Agent.deadLetters(dir)).isEmpty();
            String metrics = get(port, "/metrics");
            assertThat(value(metrics, "ilagent_ilert_rate_limit_closed_total{bucket=\"rest\"}")).isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "ilagent_ilert_rate_limit_wait_seconds_count{bucket=\"rest\"}")).isPositive();
            assertThat(agent.stdout() + agent.stderr()).doesNotContain(IlertSimulator.DEFAULT_API_KEY);
            agent.terminate();
            assertThat(agent.waitFor(Duration.ofSeconds(20))).isZero();
        }
    }

    @Test
    void aBurstPacedByTheCallBudgetGetsNo429AndReachesTheLatestState() throws Exception {
        sim.rateLimitPerMinute(PACED_LIMIT);
        int port = Agent.freePort();
        try (AgentProcess agent = Agent.daemon(dir, sim, Map.of("ILERT_API_KEY", IlertSimulator.DEFAULT_API_KEY),
                "-m", "127.0.0.1", "-q", String.valueOf(broker.port()), "-n", "it-paced", "--mqtt_buffer",
                "--policy_topic", "shift/+", "--policy_routing_keys", "location", "--shift_offset=-1",
                "--ilert_api_rate", String.valueOf(PACED_LIMIT), "-p", String.valueOf(port));
             Publisher publisher = new Publisher(broker.port())) {
            Agent.awaitReady(port, agent);
            for (int level = 0; level < LEVELS; level++) { // as a shift change sends them: the policies interleaved
                for (int p = 0; p < POLICIES; p++) {
                    publisher.publish("shift/change", "{\"location\":\"p" + p + "\",\"data\":{\"email\":\"alice@example.com\","
                            + "\"shift\":\"" + (level + 1) + "\"}}");
                }
            }

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(this::allLevelsHoldAlice);

            assertThat(rejected()).as("429 answers").isEmpty();
            // One resolve per policy, shared by its levels (PolicyReads); made again only when a level's PUT came
            // more than PolicyReads.FRESH after its policy's read
            assertThat(sim.requestsTo("GET", "/api/escalation-policies/resolve")).as("one read per policy")
                    .hasSizeBetween(POLICIES, 2 * POLICIES);
            // one PUT of the policy for the levels of it worked on together, a level's PUT for a level alone
            assertThat(sim.requestsTo("PUT", "/api/escalation-policies/")).hasSizeBetween(POLICIES, POLICIES * LEVELS);
            assertThat(sim.requestsTo("POST", "/api/users/search-email")).as("workers looking the user up at the same moment")
                    .hasSizeBetween(1, 16);
            String metrics = get(port, "/metrics");
            assertThat(value(metrics, "ilagent_ilert_budget_wait_seconds_count{bucket=\"rest\",how=\"held\"}"))
                    .as("calls held for the budget").isPositive();
            agent.terminate();
            assertThat(agent.waitFor(Duration.ofSeconds(20))).isZero();
        }
    }

    private List<RecordedRequest> restCalls() {
        return sim.requests().stream().filter(r -> r.path().startsWith("/api/users")
                || r.path().startsWith("/api/escalation-policies")).toList();
    }

    private List<RecordedRequest> rejected() {
        return restCalls().stream().filter(r -> r.status() == 429).toList();
    }

    private boolean allLevelsHoldAlice() {
        return policies.stream().allMatch(id -> sim.policy(id).orElseThrow().escalationRules().stream()
                .allMatch(rule -> rule.users().equals(List.of(UserRel.of(alice)))));
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
