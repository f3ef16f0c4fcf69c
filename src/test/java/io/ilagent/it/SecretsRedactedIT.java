package io.ilagent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.EscalationRule.UserRel;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real agent at {@code -vvvv}, with an API key and an MQTT password, applies a policy update after a
 * failed ilert call and retries an event: neither secret shows in its output or on /metrics, while
 * the metrics show what happened.
 */
class SecretsRedactedIT {
    private static final String API_KEY = "fake-api-key-5e1d7c0b94";
    private static final String MQTT_PASSWORD = "fake-mqtt-pass-3a9f";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension(b -> b.apiKey(API_KEY));

    @TempDir
    Path dir;

    private Mosquitto broker;

    @BeforeEach
    void startBroker() {
        broker = Mosquitto.start(dir.resolve("broker"));
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @ParameterizedTest(name = "--log_format {0}")
    @ValueSource(strings = {"text", "json"})
    void secretsAppearNowhereWhileUpdatesAndFailuresFlow(String format) throws Exception {
        IlertSimulator sim = ilert.sim();
        long alice = sim.addUser("alice@example.com", "Alice", "Able");
        long policy = sim.addPolicy("Plant", "plant", List.of(new EscalationRule(5, List.of(), null, null)));
        sim.failNext(1, 500, "/api/escalation-policies");
        int port = Agent.freePort();
        try (AgentProcess agent = AgentProcess.startJar(dir, Map.of("ILERT_API_KEY", API_KEY),
                "-vvvv", "-f", dir.resolve("agent.db3").toString(), "daemon", "--log_format", format,
                "--ilert_url", sim.baseUrl(), "--ilert_beat_url", sim.baseUrl(), "--shutdown_timeout", "10",
                "-p", String.valueOf(port), "-m", "127.0.0.1", "-q", String.valueOf(broker.port()), "-n", "it-secrets",
                "--mqtt_username", "ilagent", "--mqtt_password", MQTT_PASSWORD, "--mqtt_qos", "1",
                "--policy_topic", "user/+", "--policy_routing_keys", "location");
             Publisher publisher = new Publisher(broker.port())) {
            Agent.awaitReady(port, agent);
            publisher.publish("user/logins", "{\"location\":\"plant\",\"data\":{\"email\":\"alice@example.com\",\"shift\":0}}");
            sim.failNext(1, 503, "/api/events");
            assertThat(Agent.postEvent(port, "{\"integrationKey\":\"il1api1\",\"eventType\":\"ALERT\","
                    + "\"summary\":\"s\",\"alertKey\":\"a\"}").statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    sim.policy(policy).orElseThrow().escalationRules().get(0).users().equals(List.of(UserRel.of(alice)))
                            && sim.events().size() == 1);
            String metrics = await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/metrics"),
                    m -> m.contains("ilagent_policy_updates_total{outcome=\"applied\"} 1.0"));
            agent.terminate();
            assertThat(agent.waitFor(Duration.ofSeconds(20))).isZero();

            assertThat(metrics).contains("ilagent_ilert_calls_total{endpoint=\"policy_resolve\",status=\"500\"} 1.0",
                    "ilagent_ilert_calls_total{endpoint=\"events\",status=\"503\"} 1.0",
                    "ilagent_source_connected{source=\"mqtt\"} 1.0",
                    "ilagent_messages_accepted_total{kind=\"policy\",source=\"mqtt\"} 1.0");
            String output = agent.stdout() + agent.stderr();
            assertThat(output).as("the agent logged at -vvvv").contains("TRACE");
            for (String secret : List.of(API_KEY, MQTT_PASSWORD)) {
                assertThat(output).doesNotContain(secret);
                assertThat(metrics).doesNotContain(secret);
            }
            assertThat(metrics).doesNotContain("alice@example.com");
            if (format.equals("json")) {
                for (String line : agent.stderr().lines().filter(l -> l.startsWith("{")).toList()) {
                    assertThat(JSON.readTree(line).has("formattedMessage")).as(line).isTrue();
                }
                assertThat(agent.stderr().lines().filter(l -> l.contains("\"level\"")).count()).isGreaterThan(10);
            }
        }
    }

    @Test
    void kafkaSaslPasswordAppearsNowhere() throws Exception {
        String kafkaPassword = "fake-kafka-sasl-7c2e";
        int port = Agent.freePort();
        int noBroker = Agent.freePort();
        try (AgentProcess agent = AgentProcess.startJar(dir, Map.of("ILERT_API_KEY", API_KEY),
                "-vvvv", "-f", dir.resolve("agent.db3").toString(), "daemon", "-p", String.valueOf(port),
                "--ilert_url", ilert.sim().baseUrl(), "--kafka_brokers", "127.0.0.1:" + noBroker, "-e", "events",
                "--kafka_property", "security.protocol=SASL_PLAINTEXT", "--kafka_property", "sasl.mechanism=PLAIN",
                "--kafka_property", "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"ilagent\" password=\"" + kafkaPassword + "\";")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.stderr().contains("sasl.jaas.config"));
            String metrics = await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/metrics"), m -> m.contains("jvm_"));
            agent.terminate();
            assertThat(agent.waitFor(Duration.ofSeconds(20))).isZero();
            assertThat(agent.stdout() + agent.stderr() + metrics).doesNotContain(kafkaPassword).doesNotContain(API_KEY);
        }
    }

    private static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
