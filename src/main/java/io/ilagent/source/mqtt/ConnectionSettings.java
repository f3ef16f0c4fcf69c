package io.ilagent.source.mqtt;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import io.ilagent.config.MqttSettings;
import io.ilagent.config.Secret;
import io.ilagent.config.TopicSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** What a {@link BrokerConnection} needs, derived once from the flags. The password is only read to connect. */
record ConnectionSettings(String host, int port, String clientId, Optional<String> username,
        Optional<Secret> secret, Optional<MqttClientSslConfig> ssl, List<String> filters, int qos) {

    /** Long enough to ride out a restart or a broker failover, short enough that a retired client id frees its share. */
    static final Duration SESSION_EXPIRY = Duration.ofHours(1);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

    static ConnectionSettings of(MqttSettings mqtt, TopicSettings topics, Optional<MqttClientSslConfig> ssl) {
        String prefix = mqtt.sharedGroup().map(group -> "$share/" + group + "/").orElse("");
        List<String> filters = Stream.of(topics.eventTopic(), topics.heartbeatTopic(), topics.policyTopic())
                .flatMap(Optional::stream)
                .distinct()
                .map(topic -> prefix + topic)
                .toList();
        return new ConnectionSettings(mqtt.host(), mqtt.port(), mqtt.clientId(), mqtt.username(), mqtt.password(),
                ssl, filters, mqtt.qos());
    }

    Optional<String> password() {
        return secret.map(Secret::reveal);
    }

    /** An error for logs and /ready: what went wrong in words, never a credential or a Java class name. */
    static String describe(Throwable error) {
        return BrokerErrors.describe(error);
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + host + ":" + port + ", clientId=" + clientId + ", filters=" + filters
                + ", qos=" + qos + ", tls=" + ssl.isPresent() + "]";
    }
}
