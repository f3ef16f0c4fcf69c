package io.ilagent.source.kafka;

import io.ilagent.config.KafkaSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka client properties: our defaults, then {@code --kafka_config}, then {@code --kafka_property},
 * then what the agent's guarantees depend on (brokers, group, manual commits, byte payloads).
 */
final class KafkaClientConfig {
    /**
     * Overridable: a new group must not skip what is already on the topic; small batches keep poll intervals
     * short; ilagent 0.9.0's 6 s session timeout lets a group notice a killed agent quickly (Kafka's own is 45 s).
     * No client metrics pushed to the brokers (KIP-714): the agent has its own /metrics, and the push loads an
     * OpenTelemetry/protobuf stack that costs about 1 MB of an idle agent's memory.
     */
    static final Map<String, String> DEFAULTS = Map.of(
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100",
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000",
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000",
            ConsumerConfig.ENABLE_METRICS_PUSH_CONFIG, "false");

    private static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000; // Kafka's own

    private KafkaClientConfig() {}

    static Map<String, String> consumer(KafkaSettings settings) {
        Map<String, String> props = new LinkedHashMap<>(DEFAULTS);
        props.putAll(settings.clientProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.brokers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        // Offsets are committed by the source, only up to records that are fully handled.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /**
     * The effective {@code session.timeout.ms} of {@link #consumer} properties (always set: a default of ours),
     * read after the consumer accepted them: how long the group waits for a silent member.
     */
    static Duration sessionTimeout(Map<String, String> consumer) {
        return Duration.ofMillis(Long.parseLong(consumer.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG).trim()));
    }

    /** The effective {@code max.poll.interval.ms} (Kafka's default when unset): the group's rebalance timeout. */
    static Duration maxPollInterval(Map<String, String> consumer) {
        String value = consumer.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        return Duration.ofMillis(value == null ? DEFAULT_MAX_POLL_INTERVAL_MS : Long.parseLong(value.trim()));
    }

    /** For the dead-letter topic: the user's producer-relevant properties (security above all). */
    static Map<String, String> producer(KafkaSettings settings) {
        Map<String, String> props = new LinkedHashMap<>();
        settings.clientProperties().forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k)) {
                props.put(k, v);
            }
        });
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.brokers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    static Properties properties(Map<String, String> map) {
        Properties properties = new Properties();
        properties.putAll(map);
        return properties;
    }
}
