package io.ilagent.cli;

import io.ilagent.config.KafkaSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Kafka flags of ilagent 0.9.0 plus client properties and a dead-letter topic; {@code --kafka_brokers} enables Kafka. */
public final class KafkaOptions {
    @Option(names = "--kafka_brokers", paramLabel = "BROKERS",
            description = "Kafka bootstrap servers, host:port[,host:port]; enables Kafka.")
    String brokers;

    @Option(names = "--kafka_group_id", paramLabel = "GROUP_ID", defaultValue = KafkaSettings.DEFAULT_GROUP_ID,
            description = "Kafka consumer group id (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--kafka_property", paramLabel = "KEY=VALUE",
            description = "A Kafka client property, e.g. security.protocol=SASL_SSL; repeatable; wins over --kafka_config.")
    List<String> properties = new ArrayList<>();

    @Option(names = "--kafka_config", paramLabel = "FILE",
            description = "A Java properties file of Kafka client properties (TLS, SASL, tuning).")
    Path configFile;

    @Option(names = "--kafka_dlq_topic", paramLabel = "TOPIC",
            description = "Also produce records that become dead letters to this Kafka topic.")
    String dlqTopic;

    @Option(names = "--kafka_window", paramLabel = "N", defaultValue = "" + KafkaSettings.DEFAULT_WINDOW,
            description = "Unsettled records per partition before the agent pauses that partition (default: ${DEFAULT-VALUE}).")
    int window;

    Optional<KafkaSettings> settings(int maxPayloadBytes) {
        return Optional.ofNullable(brokers).map(b -> new KafkaSettings(b, groupId, properties,
                Optional.ofNullable(configFile), Optional.ofNullable(dlqTopic), maxPayloadBytes, window));
    }
}
