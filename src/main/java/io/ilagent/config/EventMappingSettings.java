package io.ilagent.config;

import java.util.Optional;

/**
 * How MQTT/Kafka payloads become ilert events ({@code --event_key}, {@code --map_key_*},
 * {@code --map_val_etype_*}, {@code --forward_message_payload}). Paths are dot paths.
 */
public record EventMappingSettings(
        Optional<String> eventKey,
        Optional<String> alertKeyPath,
        Optional<String> summaryPath,
        Optional<String> eventTypePath,
        Optional<String> alertValue,
        Optional<String> acceptValue,
        Optional<String> resolveValue,
        boolean forwardPayload) {

    public static final EventMappingSettings NONE = new EventMappingSettings(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);
}
