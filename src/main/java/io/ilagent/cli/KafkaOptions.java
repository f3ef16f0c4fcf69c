package io.ilagent.cli;

import io.ilagent.config.KafkaSettings;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Kafka flags of ilagent 0.9.0; {@code --kafka_brokers} enables Kafka. */
public final class KafkaOptions {
    @Option(names = "--kafka_brokers", paramLabel = "BROKERS",
            description = "Kafka bootstrap servers, host:port[,host:port]; enables Kafka.")
    String brokers;

    @Option(names = "--kafka_group_id", paramLabel = "GROUP_ID", defaultValue = KafkaSettings.DEFAULT_GROUP_ID,
            description = "Kafka consumer group id (default: ${DEFAULT-VALUE}).")
    String groupId;

    Optional<KafkaSettings> settings() {
        return Optional.ofNullable(brokers).map(b -> new KafkaSettings(b, groupId));
    }
}
