package io.ilagent.config;

import java.time.Duration;
import java.util.ArrayList;
import io.ilagent.ilert.CallBudget;
import java.util.List;
import java.util.Optional;

/**
 * Every start-up rule of the daemon in one place. Errors stop the daemon (exit 2) with a message
 * naming the flag; warnings are printed and the daemon goes on.
 */
public final class ConfigValidator {

    public record Result(List<String> errors, List<String> warnings) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    public Result validate(AgentConfig config) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (config.http().isEmpty() && config.heartbeatKey().isEmpty() && !config.hasConsumer()) {
            errors.add("nothing to run: give at least one of -p/--port, -b/--heartbeat, -m/--mqtt_host, --kafka_brokers");
        }
        config.http().ifPresent(http -> port(errors, "-p/--port", http.port()));
        config.heartbeatKey().filter(String::isBlank).ifPresent(k -> errors.add("-b/--heartbeat must not be empty"));
        config.mqtt().ifPresent(mqtt -> mqtt(config, mqtt, errors));
        config.kafka().ifPresent(kafka -> kafka(config, kafka, errors));
        consumerFlags(config, errors, warnings);
        delivery(config.delivery(), errors);
        if (config.policy().userCacheTtl().isNegative()) {
            errors.add("--user_cache_ttl must be 0 (no cache) or more seconds, got " + config.policy().userCacheTtl().toSeconds());
        }
        config.policy().timestampPath().filter(String::isBlank)
                .ifPresent(p -> errors.add("--map_key_timestamp must be a dot path, e.g. data.time; got an empty one"));
        policyUpkeep(config, errors);
        retention(errors, "--dead_letter_retention", config.retention().deadLetters());
        retention(errors, "--history_retention", config.retention().history());
        return new Result(List.copyOf(errors), List.copyOf(warnings));
    }

    private static void mqtt(AgentConfig config, MqttSettings mqtt, List<String> errors) {
        if (mqtt.host().isBlank()) {
            errors.add("-m/--mqtt_host must not be empty");
        }
        port(errors, "-q/--mqtt_port", mqtt.port());
        if (!config.topics().any()) {
            errors.add("-m/--mqtt_host needs at least one topic: -e/--event_topic, -r/--heartbeat_topic or --policy_topic");
        }
        if (mqtt.qos() < 0 || mqtt.qos() > 2) {
            errors.add("--mqtt_qos must be 0, 1 or 2, got " + mqtt.qos());
        } else if (mqtt.qos() == 0 && !mqtt.buffer()) {
            errors.add("--mqtt_qos 0 needs --mqtt_buffer: QoS 0 has no broker acknowledgement to delay when ilert "
                    + "delivery fails. Use --mqtt_qos 1 (or 2), or add --mqtt_buffer to accept QoS 0 messages");
        }
        if (mqtt.version() != 3 && mqtt.version() != 5) {
            errors.add("--mqtt_version must be 5 or 3 (for MQTT 3.1.1 brokers), got " + mqtt.version());
        }
        if (mqtt.maxPayloadBytes() < 1) {
            errors.add("--max_payload_bytes must be at least 1, got " + mqtt.maxPayloadBytes());
        }
        if (mqtt.clientId().isBlank()) {
            errors.add("-n/--mqtt_name must not be empty");
        }
        if (mqtt.username().isPresent() && mqtt.password().isEmpty()) {
            errors.add("--mqtt_username needs --mqtt_password");
        }
        if (mqtt.password().isPresent() && mqtt.username().isEmpty()) {
            errors.add("--mqtt_password needs --mqtt_username");
        }
        if (!mqtt.tls() && (mqtt.caFile().isPresent() || mqtt.clientCertFile().isPresent()
                || mqtt.clientKeyFile().isPresent())) {
            errors.add("--mqtt_ca, --mqtt_client_cert and --mqtt_client_key need --mqtt_tls");
        }
        if (mqtt.clientCertFile().isPresent() != mqtt.clientKeyFile().isPresent()) {
            errors.add("--mqtt_client_cert and --mqtt_client_key go together (mutual TLS needs both)");
        }
        topicFilter(errors, "-e/--event_topic", config.topics().eventTopic());
        topicFilter(errors, "-r/--heartbeat_topic", config.topics().heartbeatTopic());
        topicFilter(errors, "--policy_topic", config.topics().policyTopic());
        mqtt.sharedGroup().filter(g -> g.isBlank() || g.contains("/") || g.contains("+") || g.contains("#"))
                .ifPresent(g -> errors.add("--mqtt_shared_group must be a non-empty name without '/', '+' or '#', got '"
                        + g + "'"));
    }

    private static void topicFilter(List<String> errors, String flag, Optional<String> topic) {
        topic.ifPresent(t -> {
            try {
                TopicFilter.parse(t);
            } catch (IllegalArgumentException invalid) {
                errors.add(flag + ": " + invalid.getMessage());
            }
        });
    }

    private static void kafka(AgentConfig config, KafkaSettings kafka, List<String> errors) {
        if (kafka.brokers().isBlank()) {
            errors.add("--kafka_brokers must not be empty (host:port[,host:port...])");
        }
        if (kafka.groupId().isBlank()) {
            errors.add("--kafka_group_id must not be empty");
        }
        if (kafka.window() < 1) {
            errors.add("--kafka_window must be at least 1, got " + kafka.window());
        }
        if (!config.topics().any()) {
            errors.add("--kafka_brokers needs at least one topic: -e/--event_topic, -r/--heartbeat_topic or --policy_topic");
        }
        try {
            kafka.clientProperties();
        } catch (IllegalArgumentException invalid) {
            errors.add(invalid.getMessage());
        }
        kafka.dlqTopic().filter(t -> t.isBlank() || config.topics().eventTopic().equals(Optional.of(t))
                        || config.topics().heartbeatTopic().equals(Optional.of(t))
                        || config.topics().policyTopic().equals(Optional.of(t)))
                .ifPresent(t -> errors.add("--kafka_dlq_topic must be a topic of its own, not empty nor one the agent "
                        + "consumes, got '" + t + "'"));
    }

    private static void consumerFlags(AgentConfig config, List<String> errors, List<String> warnings) {
        if (config.mapping().eventKey().filter(String::isBlank).isPresent()) {
            errors.add("--event_key must not be empty");
        }
        if (config.filter().value().isPresent() && config.filter().key().isEmpty()) {
            errors.add("--filter_val needs --filter_key");
        }
        if (!config.hasConsumer()) {
            if (config.topics().any() || !config.mapping().equals(EventMappingSettings.NONE)
                    || config.filter().key().isPresent()) {
                warnings.add("topic, mapping and filter flags have no effect without -m/--mqtt_host or --kafka_brokers");
            }
            return;
        }
        if (config.topics().policyTopic().isPresent()) {
            if (config.policy().routingKeyFields().isEmpty()) {
                errors.add("--policy_topic needs --policy_routing_keys: without it no policy message can be routed");
            }
            if (config.apiKey().isEmpty()) {
                errors.add("--policy_topic needs the environment variable ILERT_API_KEY (a user API key that may "
                        + "read users and edit escalation policies)");
            }
        }
    }

    /** The call budget and the drift check. */
    private static void policyUpkeep(AgentConfig config, List<String> errors) {
        PolicySettings policy = config.policy();
        apiRate(policy.apiRatePerMinute()).ifPresent(errors::add);
        if (policy.checkInterval().isNegative()) {
            errors.add("--policy_check_interval must be 0 (off) or more seconds, got " + policy.checkInterval().toSeconds());
        } else if (!policy.checkInterval().isZero() && config.apiKey().isEmpty()) {
            errors.add("--policy_check_interval needs the environment variable ILERT_API_KEY (a user API key that may "
                    + "read escalation policies)");
        }
        if (policy.repair() && policy.checkInterval().isZero()) {
            errors.add("--policy_repair needs --policy_check_interval: repair happens during the periodic check");
        }
    }

    /** The problem with an {@code --ilert_api_rate} value, if any; shared with {@code policy check}. */
    public static Optional<String> apiRate(int perMinute) {
        if (perMinute == 0 || (perMinute >= CallBudget.MIN_PER_MINUTE && perMinute <= CallBudget.MAX_PER_MINUTE)) {
            return Optional.empty();
        }
        return Optional.of("--ilert_api_rate must be 0 (no pacing) or from " + CallBudget.MIN_PER_MINUTE + " to "
                + CallBudget.MAX_PER_MINUTE + " REST calls per minute (ilert allows 120 per API key), got " + perMinute);
    }

    private static void delivery(DeliverySettings delivery, List<String> errors) {
        if (delivery.maxRetries() < 0) {
            errors.add("--max_retries must be 0 (unlimited) or more, got " + delivery.maxRetries());
        }
        if (delivery.maxInFlight() < 1) {
            errors.add("--max_in_flight must be at least 1, got " + delivery.maxInFlight());
        }
        if (delivery.shutdownTimeout().isNegative() || delivery.shutdownTimeout().isZero()) {
            errors.add("--shutdown_timeout must be at least 1 second");
        }
    }

    private static void retention(List<String> errors, String flag, Duration kept) {
        if (kept.isNegative() || (!kept.isZero() && kept.compareTo(RetentionSettings.MIN) < 0)
                || kept.compareTo(RetentionSettings.MAX) > 0) {
            errors.add(flag + " must be 0 (off: keep for ever) or from 1m to " + RetentionSettings.MAX.toDays()
                    + "d, got " + RetentionSettings.format(kept));
        }
    }

    private static void port(List<String> errors, String flag, int port) {
        if (port < 1 || port > 65535) {
            errors.add(flag + " must be between 1 and 65535, got " + port);
        }
    }
}
