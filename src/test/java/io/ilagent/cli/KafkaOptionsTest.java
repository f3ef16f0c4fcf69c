package io.ilagent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ilagent.config.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --kafka_property, --kafka_config and --kafka_dlq_topic: parsed, merged, checked, and secrets kept out of sight. */
class KafkaOptionsTest {
    @TempDir
    Path dir;

    private static KafkaSettings kafka(String... extra) {
        String[] args = new String[extra.length + 4];
        args[0] = "daemon";
        args[1] = "--kafka_brokers";
        args[2] = "b:9092";
        args[3] = "-e=events";
        System.arraycopy(extra, 0, args, 4, extra.length);
        return CliRun.daemonConfig(args).kafka().orElseThrow();
    }

    private static CliRun rejected(String... extra) {
        String[] args = new String[extra.length + 4];
        args[0] = "daemon";
        args[1] = "--kafka_brokers";
        args[2] = "b:9092";
        args[3] = "-e=events";
        System.arraycopy(extra, 0, args, 4, extra.length);
        assertThat(catchThrowable(() -> CliRun.daemonConfig(args))).isNotNull();
        CliRun run = CliRun.run(args);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).doesNotContain("Exception");
        return run;
    }

    @Test
    void propertiesFromTheFileAndTheFlagsAreMergedAndTheFlagsWin() throws Exception {
        Path file = Files.writeString(dir.resolve("kafka.properties"), """
                security.protocol=SASL_SSL
                sasl.mechanism=PLAIN
                client.id=from-file
                """);

        KafkaSettings settings = kafka("--kafka_config", file.toString(), "--kafka_property", "client.id=from-flag",
                "--kafka_property", "sasl.jaas.config=x required password=\"p=w\";");

        assertThat(settings.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN").containsEntry("client.id", "from-flag")
                .containsEntry("sasl.jaas.config", "x required password=\"p=w\";");
    }

    @Test
    void theDefaultsNeedNoExtraFlags() {
        KafkaSettings settings = kafka();
        assertThat(settings.groupId()).isEqualTo("ilagent");
        assertThat(settings.clientProperties()).isEmpty();
        assertThat(settings.dlqTopic()).isEmpty();
        assertThat(settings.maxPayloadBytes()).isEqualTo(1024 * 1024);
        assertThat(kafka("--kafka_dlq_topic", "ilagent-dlq").dlqTopic()).isEqualTo(Optional.of("ilagent-dlq"));
    }

    @Test
    void aPropertyWithoutEqualsSignNamesTheFlag() {
        assertThat(rejected("--kafka_property", "security.protocol").err())
                .contains("--kafka_property must be key=value, got 'security.protocol'");
    }

    @Test
    void anUnreadableConfigFileNamesTheFlagAndTheFile() {
        Path missing = dir.resolve("missing.properties");
        assertThat(rejected("--kafka_config", missing.toString()).err())
                .contains("--kafka_config: cannot read " + missing);
    }

    @Test
    void theDeadLetterTopicMustNotBeAConsumedTopic() {
        assertThat(rejected("--kafka_dlq_topic", "events").err())
                .contains("--kafka_dlq_topic must be a topic of its own");
    }

    @Test
    void secretValuesAreMaskedForLogs() {
        Map<String, String> shown = KafkaSettings.masked(Map.of("sasl.jaas.config", "user password=\"hunter2\"",
                "ssl.key.password", "k", "ssl.truststore.password", "t", "my.secret", "s", "security.protocol", "SSL"));
        assertThat(shown).containsEntry("sasl.jaas.config", "****").containsEntry("ssl.key.password", "****")
                .containsEntry("ssl.truststore.password", "****").containsEntry("my.secret", "****")
                .containsEntry("security.protocol", "SSL");
        assertThat(kafka("--kafka_property", "sasl.jaas.config=hunter2").toString()).doesNotContain("hunter2");
    }
}
