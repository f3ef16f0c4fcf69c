package io.ilagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.config.AgentConfig;
import io.ilagent.config.DeliverySettings;
import io.ilagent.config.MqttSettings;
import io.ilagent.ilert.IlertEndpoints;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliParsingTest {

    @Nested
    class TopLevel {
        @Test
        void noSubcommandPrintsHelpAndExitsWithUsageCode() {
            CliRun run = CliRun.run();
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("Usage: ilagent").contains("daemon").contains("event").contains("heartbeat");
        }

        @Test
        void versionNamesVersionAndCommit() {
            CliRun run = CliRun.run("--version");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).matches("ilagent \\S+ \\(commit \\S+\\)\\s*");
        }

        @Test
        void unknownFlagIsOneLineAndExitTwo() {
            CliRun run = CliRun.run("daemon", "--no_such_flag");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("ilagent daemon: Unknown option: '--no_such_flag'")
                    .contains("Run 'ilagent daemon --help' for usage.")
                    .doesNotContain("at io.ilagent");
        }

        @Test
        void verboseCountsBeforeAndAfterTheSubcommand() {
            assertThat(verbosity("-vvv", "heartbeat", "-k", "k")).isEqualTo(3);
            assertThat(verbosity("heartbeat", "-v", "-v", "-k", "k")).isEqualTo(2);
            assertThat(verbosity("heartbeat", "-k", "k")).isZero();
        }

        @Test
        void databaseFileIsGlobalWithIlagentsDefault() {
            assertThat(CliRun.daemonConfig("daemon", "-p", "8977").databaseFile()).isEqualTo(Path.of("./ilagent.db3"));
            assertThat(CliRun.daemonConfig("-f", "/data/custom.db3", "daemon", "-p", "8977").databaseFile())
                    .isEqualTo(Path.of("/data/custom.db3"));
            assertThat(CliRun.daemonConfig("daemon", "-f", "/data/after.db3", "-p", "8977").databaseFile())
                    .isEqualTo(Path.of("/data/after.db3"));
        }

        private int verbosity(String... args) {
            CommandLine cli = Cli.create(Map.of());
            cli.parseArgs(args);
            return ((IlagentCommand) cli.getCommand()).verbosity();
        }
    }

    @Nested
    class EventFlags {
        @Test
        void eventRequiresTypeAndSummary() {
            CliRun run = CliRun.run("event", "-k", "key1");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("Missing required options").contains("--event_type").contains("--summary");
        }

        @Test
        void eventTypeMustBeAlertAcceptOrResolveInUpperCase() {
            assertThat(CliRun.run("event", "-k", "k", "-t", "INVALID", "-s", "x").err())
                    .contains("expected one of [ALERT, ACCEPT, RESOLVE]");
            assertThat(CliRun.run("event", "-k", "k", "-t", "alert", "-s", "x").exitCode()).isEqualTo(2);
        }

        @Test
        void priorityMustBeLowOrHigh() {
            CliRun run = CliRun.run("event", "-k", "k", "-t", "ALERT", "-s", "x", "-o", "MEDIUM");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("--priority").contains("[HIGH, LOW]");
        }

        @Test
        void missingIntegrationKeyWithoutEnvironmentFallbackNamesBoth() {
            CliRun run = CliRun.run("event", "-t", "ALERT", "-s", "x");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("-k/--integration_key").contains("ILERT_INTEGRATION_KEY");
        }

        @Test
        void heartbeatWithoutKeyNamesTheEnvironmentFallback() {
            CliRun run = CliRun.run("heartbeat");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("ILERT_INTEGRATION_KEY");
        }

        @Test
        void badIlertUrlIsAUsageErrorNamingTheFlag() {
            CliRun run = CliRun.run("heartbeat", "-k", "k", "--ilert_url", "ftp://x");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("--ilert_url (or ILERT_API_URL) must be an http(s) URL");
        }
    }

    @Nested
    class DaemonFlags {
        @Test
        void defaultsMatchIlagent() {
            AgentConfig c = CliRun.daemonConfig("daemon", "-m", "broker", "-e", "ilert/events", "--mqtt_qos", "1");
            MqttSettings mqtt = c.mqtt().orElseThrow();
            assertThat(mqtt.port()).isEqualTo(1883);
            assertThat(mqtt.clientId()).isEqualTo("ilagent");
            assertThat(mqtt.tls()).isFalse();
            assertThat(mqtt.buffer()).isFalse();
            assertThat(c.http()).isEmpty();
            assertThat(c.kafka()).isEmpty();
            assertThat(c.topics().heartbeatTopic()).isEmpty();
            assertThat(c.policy().emailPath()).isEqualTo("data.email");
            assertThat(c.policy().shiftPath()).isEqualTo("data.shift");
            assertThat(c.policy().shiftOffset()).isZero();
            assertThat(c.delivery()).isEqualTo(DeliverySettings.defaults());
            assertThat(c.ilert()).isEqualTo(IlertEndpoints.defaults());
        }

        @Test
        void portEnablesHttpOnAllInterfacesByDefault() {
            AgentConfig c = CliRun.daemonConfig("daemon", "-p", "9000");
            assertThat(c.http().orElseThrow().port()).isEqualTo(9000);
            assertThat(c.http().orElseThrow().host()).isEqualTo("0.0.0.0");
            assertThat(CliRun.daemonConfig("daemon", "-p", "9000", "--http_host", "127.0.0.1").http().orElseThrow().host())
                    .isEqualTo("127.0.0.1");
        }

        @Test
        void kafkaAloneDoesNotStartHttpAndGroupDefaultsToIlagent() {
            AgentConfig c = CliRun.daemonConfig("daemon", "--kafka_brokers", "localhost:9092", "-e", "t");
            assertThat(c.http()).isEmpty();
            assertThat(c.kafka().orElseThrow().groupId()).isEqualTo("ilagent");
            assertThat(CliRun.daemonConfig("daemon", "--kafka_brokers", "b:9092", "-e", "t", "--kafka_group_id", "g")
                    .kafka().orElseThrow().groupId()).isEqualTo("g");
        }

        @Test
        void everyMqttFlagIsRead() {
            AgentConfig c = CliRun.daemonConfig(Map.of("ILERT_API_KEY", "test-key-not-real"), "daemon", "-m", "h", "-q", "8883", "-n", "myagent", "--mqtt_tls",
                    "--mqtt_username", "u", "--mqtt_password", "p", "--mqtt_ca", "/c/ca.pem",
                    "--mqtt_client_cert", "/c/cert.pem", "--mqtt_client_key", "/c/key.pem", "--mqtt_qos", "2",
                    "--mqtt_buffer", "--mqtt_shared_group", "g", "-e", "e", "-r", "h", "--policy_topic", "p",
                    "--policy_routing_keys", "location,slot");
            MqttSettings m = c.mqtt().orElseThrow();
            assertThat(m.port()).isEqualTo(8883);
            assertThat(m.clientId()).isEqualTo("myagent");
            assertThat(m.username()).contains("u");
            assertThat(m.password().orElseThrow().reveal()).isEqualTo("p");
            assertThat(m.caFile()).contains(Path.of("/c/ca.pem"));
            assertThat(m.clientCertFile()).contains(Path.of("/c/cert.pem"));
            assertThat(m.clientKeyFile()).contains(Path.of("/c/key.pem"));
            assertThat(m.qos()).isEqualTo(2);
            assertThat(m.buffer()).isTrue();
            assertThat(m.sharedGroup()).contains("g");
            assertThat(c.topics().eventTopic()).contains("e");
            assertThat(c.topics().heartbeatTopic()).contains("h");
            assertThat(c.topics().policyTopic()).contains("p");
        }

        @Test
        void mappingAndFilterFlagsAreRead() {
            AgentConfig c = CliRun.daemonConfig("daemon", "--kafka_brokers", "b:9092", "-e", "t", "--event_key", "k",
                    "--map_key_etype", "state", "--map_key_alert_key", "mCode", "--map_key_summary", "comment",
                    "--map_val_etype_alert", "SET", "--map_val_etype_accept", "ACK", "--map_val_etype_resolve", "CLR",
                    "--filter_key", "type", "--filter_val", "ALARM", "--forward_message_payload");
            assertThat(c.mapping().eventKey()).contains("k");
            assertThat(c.mapping().eventTypePath()).contains("state");
            assertThat(c.mapping().alertKeyPath()).contains("mCode");
            assertThat(c.mapping().summaryPath()).contains("comment");
            assertThat(c.mapping().alertValue()).contains("SET");
            assertThat(c.mapping().acceptValue()).contains("ACK");
            assertThat(c.mapping().resolveValue()).contains("CLR");
            assertThat(c.mapping().forwardPayload()).isTrue();
            assertThat(c.filter().key()).contains("type");
            assertThat(c.filter().value()).contains("ALARM");
        }

        @Test
        void policyFlagsAreReadAndNegativeOffsetWorksWithAndWithoutEquals() {
            Map<String, String> env = Map.of("ILERT_API_KEY", "test-key-not-real");
            String[] base = {"daemon", "-m", "h", "--mqtt_qos", "1", "--policy_topic", "user/logins",
                    "--policy_routing_keys", "location, slot", "--map_key_email", "user.mail", "--map_key_shift",
                    "meta.tier", "--dry_run"};
            AgentConfig withEquals = CliRun.daemonConfig(env, concat(base, "--shift_offset=-1"));
            AgentConfig separate = CliRun.daemonConfig(env, concat(base, "--shift_offset", "-1"));
            assertThat(withEquals.policy().shiftOffset()).isEqualTo(-1);
            assertThat(separate.policy().shiftOffset()).isEqualTo(-1);
            assertThat(withEquals.policy().routingKeyFields()).containsExactly("location", "slot");
            assertThat(withEquals.policy().emailPath()).isEqualTo("user.mail");
            assertThat(withEquals.policy().shiftPath()).isEqualTo("meta.tier");
            assertThat(withEquals.policy().dryRun()).isTrue();
            assertThat(withEquals.policy().userCacheTtl()).hasMinutes(15);
            assertThat(CliRun.daemonConfig(env, concat(base, "--user_cache_ttl", "0")).policy().userCacheTtl()).isZero();
            assertThat(withEquals.apiKey()).isPresent();
        }

        @Test
        void sixtyFourDeliveriesAreUnderWayAtOnceByDefault() {
            // Chosen by measurement (docs/benchmarks.md section 1, session 4); --help and docs/configuration.md say so.
            assertThat(CliRun.daemonConfig("daemon", "-p", "1").delivery().maxInFlight()).isEqualTo(64);
        }

        @Test
        void deliveryFlagsAreRead() {
            AgentConfig c = CliRun.daemonConfig("daemon", "-p", "1", "--max_retries", "0", "--max_in_flight", "1",
                    "--shutdown_timeout", "5");
            assertThat(c.delivery().maxRetries()).isZero();
            assertThat(c.delivery().maxInFlight()).isEqualTo(1);
            assertThat(c.delivery().shutdownTimeout()).hasSeconds(5);
        }

        @Test
        void ilertUrlsComeFromFlagsThenEnvironmentThenDefaults() {
            Map<String, String> env = Map.of("ILERT_API_URL", "http://env-api:1", "ILERT_BEAT_URL", "http://env-beat:2");
            assertThat(CliRun.daemonConfig(env, "daemon", "-p", "1").ilert().apiBase()).hasToString("http://env-api:1");
            assertThat(CliRun.daemonConfig(env, "daemon", "-p", "1").ilert().beatBase()).hasToString("http://env-beat:2");
            assertThat(CliRun.daemonConfig(env, "daemon", "-p", "1", "--ilert_url", "http://flag:3/").ilert().apiBase())
                    .hasToString("http://flag:3");
        }

        @Test
        void heartbeatKeyIsRead() {
            assertThat(CliRun.daemonConfig("daemon", "-b", "il1hbt123").heartbeatKey()).contains("il1hbt123");
        }

        @Test
        void apiKeyWithBearerPrefixIsStrippedAndNeverShown() {
            AgentConfig c = CliRun.daemonConfig(Map.of("ILERT_API_KEY", "Bearer test-key-not-real"), "daemon", "-p", "1");
            assertThat(c.apiKey().orElseThrow().revealForRedaction()).isEqualTo("test-key-not-real");
            assertThat(c.toString()).doesNotContain("test-key-not-real");
        }

        @Test
        void passwordNeverAppearsInTheConfigsText() {
            AgentConfig c = CliRun.daemonConfig("daemon", "-m", "h", "--mqtt_qos", "1", "-e", "t",
                    "--mqtt_username", "u", "--mqtt_password", "hunter2-not-real");
            assertThat(c.toString()).doesNotContain("hunter2-not-real");
            assertThat(c.mqtt().map(MqttSettings::password).flatMap(p -> p)).isNotEqualTo(Optional.empty());
        }

        private String[] concat(String[] a, String... b) {
            return java.util.stream.Stream.concat(List.of(a).stream(), List.of(b).stream()).toArray(String[]::new);
        }
    }
}
