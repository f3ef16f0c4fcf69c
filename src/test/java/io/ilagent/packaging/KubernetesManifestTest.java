package io.ilagent.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ilagent.cli.Cli;
import io.ilagent.cli.DaemonCommand;
import io.ilagent.config.AgentConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * packaging/kubernetes/ilagent.yaml fits the agent it runs: its command line is one the daemon accepts, and the
 * probes, the Secret and the volume match what that command line configures. No validator for Kubernetes schemas
 * can be installed on this project's machines (kubeconform and kubeval are in neither Debian nor npm, and
 * kubectl validates only against a cluster), so the checks are made here on the parsed YAML.
 */
class KubernetesManifestTest {
    static final Path MANIFEST = Path.of("packaging/kubernetes/ilagent.yaml");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private static final Map<String, JsonNode> byKind = new HashMap<>();

    @BeforeAll
    static void read() throws IOException {
        try (var docs = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).<JsonNode>readValues(MANIFEST.toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                assertThat(doc.path("apiVersion").asText()).as("apiVersion of %s", doc.path("kind")).isNotEmpty();
                assertThat(doc.path("metadata").path("name").asText()).as("name of %s", doc.path("kind")).isNotEmpty();
                assertThat(byKind.put(doc.path("kind").asText(), doc)).as("one %s", doc.path("kind")).isNull();
            }
        }
    }

    private static JsonNode statefulSet() {
        return byKind.get("StatefulSet");
    }

    private static JsonNode container() {
        JsonNode containers = statefulSet().path("spec").path("template").path("spec").path("containers");
        assertThat(containers.size()).isEqualTo(1);
        return containers.get(0);
    }

    /** The container's command and args after the bin/ilagent launcher, with $(VAR) expanded as the kubelet does. */
    private static List<String> agentArguments() {
        Map<String, String> vars = Map.of("POD_NAME", "ilagent-0");
        List<String> all = new ArrayList<>();
        container().path("command").forEach(c -> all.add(c.asText()));
        container().path("args").forEach(a -> all.add(a.asText()));
        assertThat(all.getFirst()).isEqualTo("/opt/ilagent/bin/ilagent");
        return all.subList(1, all.size()).stream().map(a -> {
            Matcher m = VARIABLE.matcher(a);
            return m.replaceAll(r -> vars.getOrDefault(r.group(1), r.group()));
        }).toList();
    }

    /** The configuration the agent builds from that command line and the Secret's key in its environment. */
    private static AgentConfig config() {
        CommandLine cli = Cli.create(Map.of("ILERT_API_KEY", "il1-test-key"));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        var parsed = cli.parseArgs(agentArguments().toArray(String[]::new));
        AgentConfig config = ((DaemonCommand) parsed.subcommand().commandSpec().userObject()).config();
        assertThat(err.toString()).as("no warning from the daemon's flags").isEmpty();
        return config;
    }

    private static int port(JsonNode probePort) {
        if (probePort.isInt()) {
            return probePort.asInt();
        }
        for (JsonNode p : container().path("ports")) {
            if (p.path("name").asText().equals(probePort.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + probePort);
    }

    @Test
    void holdsASecretAServiceAStatefulSetAndADisruptionBudget() {
        assertThat(byKind).containsOnlyKeys("Secret", "Service", "StatefulSet", "PodDisruptionBudget");
        assertThat(statefulSet().path("spec").path("replicas").asInt()).isGreaterThan(1);
        assertThat(statefulSet().path("spec").path("serviceName").asText()).isEqualTo(byKind.get("Service").path("metadata").path("name").asText());
    }

    @Test
    void theContainerCommandLineIsOneTheDaemonAccepts() {
        AgentConfig config = config();
        assertThat(config.kafka()).isPresent();
        assertThat(config.apiKey()).as("ILERT_API_KEY read from the environment").isPresent();
    }

    @Test
    void theProbesAskTheAgentsOwnPortForHealthAndReadiness() {
        AgentConfig config = config();
        var http = config.http().orElseThrow(() -> new AssertionError("the probes need -p"));
        assertThat(http.host()).as("reachable by the kubelet, not only on loopback").isEqualTo("0.0.0.0");
        JsonNode c = container();
        for (String probe : List.of("livenessProbe", "startupProbe")) {
            assertThat(c.path(probe).path("httpGet").path("path").asText()).as(probe).isEqualTo("/health");
            assertThat(port(c.path(probe).path("httpGet").path("port"))).as(probe).isEqualTo(http.port());
        }
        assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/ready");
        assertThat(port(c.path("readinessProbe").path("httpGet").path("port"))).isEqualTo(http.port());
        assertThat(port(byKind.get("Service").path("spec").path("ports").get(0).path("targetPort"))).isEqualTo(http.port());
    }

    @Test
    void theApiKeyComesFromAKeyOfTheSecret() {
        JsonNode secret = byKind.get("Secret");
        JsonNode ref = null;
        for (JsonNode env : container().path("env")) {
            if (env.path("name").asText().equals("ILERT_API_KEY")) {
                ref = env.path("valueFrom").path("secretKeyRef");
            }
        }
        assertThat(ref).as("ILERT_API_KEY in env").isNotNull();
        assertThat(ref.path("name").asText()).isEqualTo(secret.path("metadata").path("name").asText());
        assertThat(secret.path("stringData").has(ref.path("key").asText()) || secret.path("data").has(ref.path("key").asText()))
                .as("the Secret holds the key %s", ref.path("key")).isTrue();
        assertThat(agentArguments()).as("the key never on the command line").noneMatch(a -> a.contains("ILERT_API_KEY"));
    }

    @Test
    void theDatabaseFileLiesOnAVolumeOfItsOwnPerAgent() {
        Path dir = config().databaseFile().toAbsolutePath().getParent();
        String claim = null;
        for (JsonNode mount : container().path("volumeMounts")) {
            if (Path.of(mount.path("mountPath").asText()).equals(dir)) {
                claim = mount.path("name").asText();
            }
        }
        assertThat(claim).as("a volume mounted at %s, the directory of -f", dir).isNotNull();
        List<String> templates = new ArrayList<>();
        statefulSet().path("spec").path("volumeClaimTemplates").forEach(t -> templates.add(t.path("metadata").path("name").asText()));
        assertThat(templates).as("one claim per pod (each agent locks its own file)").contains(claim);
    }

    @Test
    void theGracePeriodOutlastsTheAgentsGracefulStop() {
        long grace = statefulSet().path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asLong();
        long stop = config().delivery().shutdownTimeout().toSeconds() + 6; // + the Kafka consumer's commit and leave
        assertThat(grace).isGreaterThan(stop);
    }

    @Test
    void everySelectorMatchesThePodsLabels() {
        JsonNode labels = statefulSet().path("spec").path("template").path("metadata").path("labels");
        List<JsonNode> selectors = List.of(statefulSet().path("spec").path("selector").path("matchLabels"),
                byKind.get("Service").path("spec").path("selector"),
                byKind.get("PodDisruptionBudget").path("spec").path("selector").path("matchLabels"));
        for (JsonNode selector : selectors) {
            assertThat(selector.size()).isPositive();
            selector.properties().forEach(e -> assertThat(labels.path(e.getKey())).isEqualTo(e.getValue()));
        }
    }
}
