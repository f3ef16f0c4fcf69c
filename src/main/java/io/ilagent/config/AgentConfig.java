package io.ilagent.config;

import io.ilagent.ilert.ApiKey;
import io.ilagent.ilert.IlertEndpoints;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything the daemon was asked to do, built once from flags and environment and never changed.
 * {@link ConfigValidator} decides whether it can run.
 */
public record AgentConfig(
        Path databaseFile,
        Optional<HttpSettings> http,
        Optional<String> heartbeatKey,
        Optional<MqttSettings> mqtt,
        Optional<KafkaSettings> kafka,
        TopicSettings topics,
        EventMappingSettings mapping,
        FilterSettings filter,
        PolicySettings policy,
        DeliverySettings delivery,
        RetentionSettings retention,
        IlertEndpoints ilert,
        Optional<ApiKey> apiKey) {

    public boolean hasConsumer() {
        return mqtt.isPresent() || kafka.isPresent();
    }
}
