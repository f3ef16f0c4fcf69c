package io.ilagent.config;

import java.nio.file.Path;
import java.util.Optional;

/** MQTT connection and subscription settings ({@code -m}, {@code -q}, {@code -n}, {@code --mqtt_*}). */
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
        Optional<String> sharedGroup) {
    public static final int DEFAULT_PORT = 1883;
    public static final String DEFAULT_CLIENT_ID = "ilagent";
}
