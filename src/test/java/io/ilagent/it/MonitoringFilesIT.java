package io.ilagent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.packaging.MonitoringQueries;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.source.mqtt.Mosquitto;
import io.ilagent.source.mqtt.Publisher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of packaging/'s alert rules and Grafana dashboard names a series that a real agent exports on
 * /metrics. The agent runs with HTTP, MQTT and policy sync and gets enough traffic (a delivered event, a 429,
 * a rejected and a filtered message, a policy update) that each lazily registered counter appears.
 */
class MonitoringFilesIT {
    private static final String EVENT = "{\"integrationKey\":\"il1api123\",\"eventType\":\"ALERT\",\"summary\":\"disk full\",\"alertKey\":\"%s\"}";

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    @TempDir
    Path dir;

    @Test
    void everyQueryInTheRulesAndTheDashboardNamesASeriesTheAgentExports() throws Exception {
        IlertSimulator sim = ilert.sim();
        long alice = sim.addUser("alice@example.com", "Alice", "Able");
        sim.addPolicy("Power plant", "powerplant", List.of(new EscalationRule(5, List.of(UserRel.of(alice)), null, null),
                new EscalationRule(10, List.of(UserRel.of(alice)), null, null)));
        int port = Agent.freePort();
        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"));
             AgentProcess agent = Agent.daemon(dir, sim, Map.of("ILERT_API_KEY", IlertSimulator.DEFAULT_API_KEY),
                     "-p", String.valueOf(port), "-m", "127.0.0.1", "-q", String.valueOf(broker.port()), "-n", "it-monitoring",
                     "--mqtt_qos", "1", "--policy_topic", "user/+", "--policy_routing_keys", "location",
                     "--shift_offset=-1", "--filter_key", "eventType", "--filter_val", "active");
             Publisher publisher = new Publisher(broker.port())) {
            Agent.awaitReady(port, agent);
            sim.failNext(1, 429, "/api/events");
            Agent.postEvent(port, EVENT.formatted("disk-1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> exportedNames(port).contains("ilagent_ilert_rate_limit_closed_total"));
            Agent.postEvent(port, EVENT.formatted("disk-2")); // held while the bucket is closed
            Agent.postEvent(port, "{\"eventType\":\"ALERT\"}");
            publisher.publish("user/logins", "{\"location\":\"powerplant\",\"eventType\":\"inactive\",\"data\":{\"email\":\"alice@example.com\",\"shift\":\"1\"}}");
            publisher.publish("user/logins", "{\"location\":\"powerplant\",\"eventType\":\"active\",\"data\":{\"email\":\"alice@example.com\",\"shift\":\"2\"}}");

            Set<String> queried = queriedNames();
            assertThat(queried).as("the files query the agent's own series").anyMatch(n -> n.startsWith("ilagent_"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(exportedNames(port)).as("series exported on /metrics").containsAll(queried));
        }
    }

    @Test
    void everyRuleAndDashboardQueryReadsAtLeastOneSeries() throws Exception {
        for (String expr : allExpressions()) {
            assertThat(MonitoringQueries.metricNames(expr).isEmpty() && !expr.contains("up{"))
                    .as("reads no series: " + expr).isFalse();
        }
    }

    private static List<String> allExpressions() throws Exception {
        return java.util.stream.Stream.concat(MonitoringQueries.ruleExpressions().stream(),
                MonitoringQueries.dashboardExpressions().stream()).toList();
    }

    private static Set<String> queriedNames() throws Exception {
        return allExpressions().stream().flatMap(e -> MonitoringQueries.metricNames(e).stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The names of the samples on /metrics: {@code name{labels} value} or {@code name value}. */
    private static Set<String> exportedNames(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    }
}
