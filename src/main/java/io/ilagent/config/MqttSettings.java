package io.ilagent.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * MQTT connection and subscription settings ({@code -m}, {@code -q}, {@code -n}, {@code --mqtt_*}).
 *
 * @param version         3 (MQTT 3.1.1) or 5 (MQTT 5, the default)
 * @param maxPayloadBytes larger payloads are set aside as dead letters instead of being mapped
 */
public record MqttSettings(
        String host,
        int port,
        String clientId,
        Optional<String> username,
        Optional<Secret> password,
        boolean tls,
        Optional<Path> caFile,
        Optional<Path> clientCertFile,
        Optional<Path> clientKeyFile,
        int qos,
        boolean buffer,
        Optional<String> sharedGroup,
        int version,
        int maxPayloadBytes) {
    public static final int DEFAULT_PORT = 1883;
    public static final int DEFAULT_VERSION = 5;
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;
    public static final String DEFAULT_CLIENT_ID = "ilagent";
}
