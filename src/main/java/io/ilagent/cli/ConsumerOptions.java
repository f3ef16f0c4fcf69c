package io.ilagent.cli;

import io.ilagent.config.EventMappingSettings;
import io.ilagent.config.FilterSettings;
import io.ilagent.config.TopicSettings;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Topics, event mapping and filter flags, shared by the MQTT and Kafka consumers. */
public final class ConsumerOptions {
    @Option(names = {"-e", "--event_topic"}, paramLabel = "TOPIC", description = "Topic of events (MQTT wildcards allowed).")
    String eventTopic;

    @Option(names = {"-r", "--heartbeat_topic"}, paramLabel = "TOPIC", description = "Topic of heartbeats.")
    String heartbeatTopic;

    @Option(names = "--policy_topic", paramLabel = "TOPIC",
            description = "Topic of escalation policy updates (MQTT wildcards allowed).")
    String policyTopic;

    @Option(names = "--event_key", paramLabel = "KEY", description = "Integration key for every consumed event.")
    String eventKey;

    @Option(names = "--map_key_etype", paramLabel = "PATH", description = "Dot path of the event type in the payload.")
    String eventTypePath;

    @Option(names = "--map_key_alert_key", paramLabel = "PATH", description = "Dot path of the alert key.")
    String alertKeyPath;

    @Option(names = "--map_key_summary", paramLabel = "PATH", description = "Dot path of the summary.")
    String summaryPath;

    @Option(names = "--map_val_etype_alert", paramLabel = "VALUE", description = "Event type value meaning ALERT.")
    String alertValue;

    @Option(names = "--map_val_etype_accept", paramLabel = "VALUE", description = "Event type value meaning ACCEPT.")
    String acceptValue;

    @Option(names = "--map_val_etype_resolve", paramLabel = "VALUE", description = "Event type value meaning RESOLVE.")
    String resolveValue;

    @Option(names = "--filter_key", paramLabel = "PATH",
            description = "Only handle messages that have this key (dot path); events and policy updates alike.")
    String filterKey;

    @Option(names = "--filter_val", paramLabel = "VALUE", description = "With --filter_key: the value it must have.")
    String filterValue;

    @Option(names = "--forward_message_payload", description = "Send the whole message as the event's customDetails.")
    boolean forwardPayload;

    TopicSettings topics() {
        return new TopicSettings(Optional.ofNullable(eventTopic), Optional.ofNullable(heartbeatTopic),
                Optional.ofNullable(policyTopic));
    }

    EventMappingSettings mapping() {
        return new EventMappingSettings(Optional.ofNullable(eventKey), Optional.ofNullable(alertKeyPath),
                Optional.ofNullable(summaryPath), Optional.ofNullable(eventTypePath), Optional.ofNullable(alertValue),
                Optional.ofNullable(acceptValue), Optional.ofNullable(resolveValue), forwardPayload);
    }

    FilterSettings filter() {
        return new FilterSettings(Optional.ofNullable(filterKey), Optional.ofNullable(filterValue));
    }
}
