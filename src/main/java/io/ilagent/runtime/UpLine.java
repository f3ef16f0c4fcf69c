package io.ilagent.runtime;

import io.ilagent.config.AgentConfig;
import io.ilagent.config.TopicSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one line the daemon prints at the default verbosity once it is up: what it serves and where,
 * so an operator sees at a glance which sources, broker, topics, port and file it runs with. No
 * secrets: user names, passwords and keys are left out.
 */
final class UpLine {
    private UpLine() {}

    static String of(AgentConfig config, String version) {
        List<String> parts = new ArrayList<>();
        config.http().ifPresent(http -> parts.add("HTTP on " + http.host() + ":" + http.port()));
        config.mqtt().ifPresent(mqtt -> parts.add("MQTT " + mqtt.host() + ":" + mqtt.port()
                + " (MQTT " + (mqtt.version() == 3 ? "3.1.1" : "5") + (mqtt.tls() ? ", TLS" : "")
                + ", client " + mqtt.clientId() + ", QoS " + mqtt.qos() + (mqtt.buffer() ? ", buffered" : "") + ")"
                + topics(config.topics(), mqtt.sharedGroup().map(group -> "$share/" + group + "/").orElse(""))));
        config.kafka().ifPresent(kafka -> parts.add("Kafka " + kafka.brokers() + " (group " + kafka.groupId() + ")"
                + topics(config.topics(), "")));
        config.heartbeatKey().ifPresent(key -> parts.add("heartbeat ping every " + HeartbeatJob.INTERVAL.toSeconds() + " s"));
        parts.add("ilert " + config.ilert().apiBase());
        parts.add("database " + config.databaseFile().toAbsolutePath());
        return "ilagent " + version + " up: " + String.join("; ", parts);
    }

    private static String topics(TopicSettings topics, String prefix) {
        List<String> named = new ArrayList<>();
        add(named, "events", topics.eventTopic(), prefix);
        add(named, "heartbeats", topics.heartbeatTopic(), prefix);
        add(named, "policy updates", topics.policyTopic(), prefix);
        return named.isEmpty() ? "" : ", " + String.join(", ", named);
    }

    private static void add(List<String> named, String what, Optional<String> topic, String prefix) {
        topic.ifPresent(t -> named.add(what + " from " + prefix + t));
    }
}
