package io.ilagent.config;

/** Kafka consumer settings ({@code --kafka_brokers}, {@code --kafka_group_id}). */
public record KafkaSettings(String brokers, String groupId) {
    public static final String DEFAULT_GROUP_ID = "ilagent";
}
