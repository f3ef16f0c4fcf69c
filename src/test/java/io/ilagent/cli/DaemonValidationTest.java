package io.ilagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.config.AgentConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every start-up rule of the daemon: one clean line per problem naming the flag, exit code 2, no stack trace. */
class DaemonValidationTest {
    private static final Map<String, String> WITH_API_KEY = Map.of("ILERT_API_KEY", "test-key-not-real");

    private static CliRun daemon(String... args) {
        return daemon(Map.of(), args);
    }

    private static CliRun daemon(Map<String, String> env, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "daemon";
        System.arraycopy(args, 0, all, 1, args.length);
        // Only invalid command lines may be executed here: a valid one would start a real daemon.
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> CliRun.daemonConfig(env, all)))
                .as("daemon %s must be invalid", String.join(" ", args)).isNotNull();
        CliRun run = CliRun.run(env, all);
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        return run;
    }

    private static void assertRejected(CliRun run, String message) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("ilagent daemon: " + message).contains("Run 'ilagent daemon --help' for usage.");
    }

    @Test
    void daemonWithNothingToRunIsRejected() {
        assertRejected(daemon(), "nothing to run: give at least one of -p/--port, -b/--heartbeat, -m/--mqtt_host, --kafka_brokers");
    }

    @Test
    void mqttWithoutTopicNamesTheTopicFlags() {
        assertRejected(daemon("--mqtt_host", "localhost", "--mqtt_qos", "1"),
                "-m/--mqtt_host needs at least one topic: -e/--event_topic, -r/--heartbeat_topic or --policy_topic");
    }

    @Test
    void mqttWithoutBufferRejectsQosZero() {
        assertRejected(daemon("-m", "localhost", "-e", "t"), "--mqtt_qos 0 needs --mqtt_buffer");
        assertThat(CliRun.daemonConfig("daemon", "-m", "localhost", "-e", "t", "--mqtt_buffer").mqtt().orElseThrow().qos())
                .isZero();
    }

    @Test
    void qosAboveTwoIsRejected() {
        assertRejected(daemon("-m", "h", "-e", "t", "--mqtt_qos", "3"), "--mqtt_qos must be 0, 1 or 2, got 3");
    }

    @Test
    void unparsableNumbersNameTheirFlag() {
        assertThat(daemon("-m", "h", "-e", "t", "--mqtt_qos", "x").err())
                .contains("Invalid value for option '--mqtt_qos': 'x' is not an int");
        assertThat(daemon("-m", "h", "-e", "t", "-q", "abc").err())
                .contains("Invalid value for option '--mqtt_port': 'abc' is not an int");
        assertThat(daemon("-p", "http").err()).contains("Invalid value for option '--port': 'http' is not an int");
        assertThat(daemon("--kafka_brokers", "b", "-e", "t", "--shift_offset", "one").err())
                .contains("Invalid value for option '--shift_offset'");
    }

    @Test
    void mqttVersionIsFiveOrThree() {
        assertRejected(daemon("-m", "h", "-e", "t", "--mqtt_qos", "1", "--mqtt_version", "4"),
                "--mqtt_version must be 5 or 3 (for MQTT 3.1.1 brokers), got 4");
        assertThat(CliRun.daemonConfig("daemon", "-m", "h", "-e", "t", "--mqtt_qos", "1", "--mqtt_version", "3")
                .mqtt().orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void maxPayloadBytesMustBePositive() {
        assertRejected(daemon("-m", "h", "-e", "t", "--mqtt_qos", "1", "--max_payload_bytes", "0"),
                "--max_payload_bytes must be at least 1, got 0");
    }

    @Test
    void portsOutOfRangeAreRejected() {
        assertRejected(daemon("-p", "70000"), "-p/--port must be between 1 and 65535, got 70000");
        assertRejected(daemon("-m", "h", "-e", "t", "--mqtt_qos", "1", "-q", "0"),
                "-q/--mqtt_port must be between 1 and 65535, got 0");
    }

    @Test
    void kafkaWithoutTopicNamesTheTopicFlags() {
        assertRejected(daemon("--kafka_brokers", "localhost:9092"),
                "--kafka_brokers needs at least one topic: -e/--event_topic, -r/--heartbeat_topic or --policy_topic");
    }

    @Test
    void aKafkaWindowBelowOneIsRejected() {
        assertRejected(daemon("--kafka_brokers", "b:9092", "-e", "t", "--kafka_window", "0"),
                "--kafka_window must be at least 1, got 0");
    }

    @Test
    void policyTopicWithoutRoutingKeysIsRejected() {
        assertRejected(daemon(WITH_API_KEY, "--kafka_brokers", "b:9092", "--policy_topic", "p"),
                "--policy_topic needs --policy_routing_keys");
    }

    @Test
    void policyTopicWithoutApiKeyNamesTheEnvironmentVariable() {
        assertRejected(daemon("--kafka_brokers", "b:9092", "--policy_topic", "p", "--policy_routing_keys", "location"),
                "--policy_topic needs the environment variable ILERT_API_KEY");
    }

    @Test
    void filterValueWithoutKeyIsRejected() {
        assertRejected(daemon("--kafka_brokers", "b:9092", "-e", "t", "--filter_val", "x"), "--filter_val needs --filter_key");
    }

    @Test
    void usernameAndPasswordGoTogether() {
        assertRejected(daemon("-m", "h", "-e", "t", "--mqtt_qos", "1", "--mqtt_username", "u"),
                "--mqtt_username needs --mqtt_password");
        assertRejected(daemon("-m", "h", "-e", "t", "--mqtt_qos", "1", "--mqtt_password", "p"),
                "--mqtt_password needs --mqtt_username");
    }

    @Test
    void tlsFilesNeedTlsAndClientCertNeedsKey() {
        assertRejected(daemon("-m", "h", "-e", "t", "--mqtt_qos", "1", "--mqtt_ca", "/ca.pem"),
                "--mqtt_ca, --mqtt_client_cert and --mqtt_client_key need --mqtt_tls");
        assertRejected(daemon("-m", "h", "-e", "t", "--mqtt_qos", "1", "--mqtt_tls", "--mqtt_client_cert", "/c.pem"),
                "--mqtt_client_cert and --mqtt_client_key go together");
    }

    @Test
    void sharedGroupMustBeAPlainName() {
        assertRejected(daemon("-m", "h", "-e", "t", "--mqtt_qos", "1", "--mqtt_shared_group", "a/b"),
                "--mqtt_shared_group must be a non-empty name without '/', '+' or '#', got 'a/b'");
    }

    @Test
    void deliveryLimitsAreChecked() {
        assertRejected(daemon("-p", "1", "--max_retries", "-1"), "--max_retries must be 0 (unlimited) or more, got -1");
        assertRejected(daemon("-p", "1", "--max_in_flight", "0"), "--max_in_flight must be at least 1, got 0");
        assertRejected(daemon("-p", "1", "--shutdown_timeout", "0"), "--shutdown_timeout must be at least 1 second");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        CliRun run = daemon("-p", "0", "-m", "h", "--filter_val", "x");
        assertThat(run.err()).contains("-p/--port").contains("needs at least one topic").contains("--mqtt_qos 0")
                .contains("--filter_val needs --filter_key");
    }

    @Test
    void consumerFlagsWithoutAConsumerOnlyWarn() {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = Cli.create(Map.of());
        cli.setErr(new java.io.PrintWriter(err, true));
        var parsed = cli.parseArgs("daemon", "-p", "8977", "--event_key", "k", "--filter_key", "type");
        ((DaemonCommand) parsed.subcommand().commandSpec().userObject()).config();
        assertThat(err.toString())
                .contains("warning: topic, mapping and filter flags have no effect without -m/--mqtt_host or --kafka_brokers");
    }

    @Test
    void invalidMqttTopicFiltersNameTheirFlag() {
        CliRun run = daemon("-m", "h", "--mqtt_qos", "1", "-e", "a/#/b", "--policy_topic", "x+");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("ilagent daemon: -e/--event_topic: topic filter 'a/#/b'")
                .contains("ilagent daemon: --policy_topic: topic filter 'x+'");
    }

    @Test
    void emptyEventKeyIsRejected() {
        assertRejected(daemon("--kafka_brokers", "b:9092", "-e", "t", "--event_key", ""), "--event_key must not be empty");
    }

    @Test
    void negativeUserCacheTtlIsRejected() {
        assertRejected(daemon("-p", "1", "--user_cache_ttl", "-5"), "--user_cache_ttl must be 0 (no cache) or more seconds, got -5");
    }

    @Test
    void anApiRateOfOneOrAboveTheMaximumIsRejectedAndZeroTurnsPacingOff() {
        assertRejected(daemon("-p", "1", "--ilert_api_rate", "1"), "--ilert_api_rate must be 0 (no pacing) or from 2 to "
                + "100000 REST calls per minute (ilert allows 120 per API key), got 1");
        assertRejected(daemon("-p", "1", "--ilert_api_rate", "-3"), "--ilert_api_rate must be 0");
        assertRejected(daemon("-p", "1", "--ilert_api_rate", "100001"), "--ilert_api_rate must be 0");
        assertThat(CliRun.daemonConfig(Map.of(), "daemon", "-p", "1", "--ilert_api_rate", "0").policy().apiRatePerMinute()).isZero();
    }

    @Test
    void theDriftCheckNeedsAnApiKeyAndRepairNeedsTheCheck() {
        assertRejected(daemon("-p", "1", "--policy_check_interval", "60"), "--policy_check_interval needs the environment "
                + "variable ILERT_API_KEY");
        assertRejected(daemon(WITH_API_KEY, "-p", "1", "--policy_check_interval", "-1"),
                "--policy_check_interval must be 0 (off) or more seconds, got -1");
        assertRejected(daemon(WITH_API_KEY, "-p", "1", "--policy_repair"), "--policy_repair needs --policy_check_interval");
    }

    @Test
    void retentionsAreThirtyAndNinetyDaysUnlessGiven() {
        AgentConfig defaults = CliRun.daemonConfig("daemon", "-p", "8977");
        assertThat(defaults.retention().deadLetters()).isEqualTo(Duration.ofDays(30));
        assertThat(defaults.retention().history()).isEqualTo(Duration.ofDays(90));
        AgentConfig given = CliRun.daemonConfig("daemon", "-p", "8977", "--dead_letter_retention", "12h",
                "--history_retention", "off");
        assertThat(given.retention().deadLetters()).isEqualTo(Duration.ofHours(12));
        assertThat(given.retention().history()).isZero();
    }

    @Test
    void aRetentionWithoutAUnitNamesItsFlag() {
        assertThat(daemon("-p", "8977", "--dead_letter_retention", "30").err())
                .contains("Invalid value for option '--dead_letter_retention': '30' is not a duration: give a number "
                        + "with a unit s, m, h or d (e.g. 30d, 12h), or 0 (off) to keep for ever");
        assertThat(daemon("-p", "8977", "--history_retention", "ninety").err())
                .contains("Invalid value for option '--history_retention'");
    }

    @Test
    void aRetentionUnderAMinuteOrOverAHundredYearsIsRejected() {
        assertRejected(daemon("-p", "8977", "--dead_letter_retention", "30s"),
                "--dead_letter_retention must be 0 (off: keep for ever) or from 1m to 36500d, got 30s");
        assertRejected(daemon("-p", "8977", "--history_retention", "36501d"),
                "--history_retention must be 0 (off: keep for ever) or from 1m to 36500d, got 36501d");
    }
}
