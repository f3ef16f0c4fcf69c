package io.ilagent.cli;

import io.ilagent.config.MqttSettings;
import io.ilagent.config.Secret;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** MQTT flags of ilagent 0.9.0; {@code -m} enables MQTT, the others mean nothing without it. */
public final class MqttOptions {
    @Option(names = {"-m", "--mqtt_host"}, paramLabel = "MQTT_HOST", description = "MQTT broker host; enables MQTT.")
    String host;

    @Option(names = {"-q", "--mqtt_port"}, paramLabel = "MQTT_PORT", defaultValue = "1883",
            description = "MQTT broker port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-n", "--mqtt_name"}, paramLabel = "MQTT_NAME", defaultValue = MqttSettings.DEFAULT_CLIENT_ID,
            description = "MQTT client id; give each instance its own (default: ${DEFAULT-VALUE}).")
    String clientId;

    @Option(names = "--mqtt_username", paramLabel = "MQTT_USERNAME", description = "MQTT user name.")
    String username;

    @Option(names = "--mqtt_password", paramLabel = "MQTT_PASSWORD", description = "MQTT password.")
    String password;

    @Option(names = "--mqtt_tls", description = "Connect with TLS.")
    boolean tls;

    @Option(names = "--mqtt_ca", paramLabel = "FILE", description = "CA certificates (PEM) to trust; default: the system's.")
    Path ca;

    @Option(names = "--mqtt_client_cert", paramLabel = "FILE", description = "Client certificate chain (PEM) for mutual TLS.")
    Path clientCert;

    @Option(names = "--mqtt_client_key", paramLabel = "FILE", description = "Client private key (PEM) for mutual TLS.")
    Path clientKey;

    @Option(names = "--mqtt_qos", paramLabel = "QOS", defaultValue = "0",
            description = "Subscription QoS 0, 1 or 2 (default: ${DEFAULT-VALUE}); 0 needs --mqtt_buffer.")
    int qos;

    @Option(names = "--mqtt_buffer",
            description = "Store each message in the SQLite outbox before acknowledging it, then deliver with retries.")
    boolean buffer;

    @Option(names = "--mqtt_shared_group", paramLabel = "GROUP",
            description = "Subscribe as member of the shared subscription group GROUP (topics become $share/GROUP/topic).")
    String sharedGroup;

    @Option(names = "--mqtt_version", paramLabel = "VERSION", defaultValue = "5",
            description = "MQTT protocol version: 5, or 3 for brokers that only speak MQTT 3.1.1 (default: ${DEFAULT-VALUE}).")
    int version;

    @Option(names = "--max_payload_bytes", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Larger consumer messages are set aside as dead letters, unread (default: ${DEFAULT-VALUE}).")
    int maxPayloadBytes;

    Optional<MqttSettings> settings() {
        if (host == null) {
            return Optional.empty();
        }
        return Optional.of(new MqttSettings(host, port, clientId, Optional.ofNullable(username),
                Optional.ofNullable(password).map(Secret::new), tls, Optional.ofNullable(ca),
                Optional.ofNullable(clientCert), Optional.ofNullable(clientKey), qos, buffer,
                Optional.ofNullable(sharedGroup), version, maxPayloadBytes));
    }
}
