package io.ilagent.source.mqtt;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import io.ilagent.config.MqttSettings;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS for the MQTT connection from {@code --mqtt_tls}, {@code --mqtt_ca}, {@code --mqtt_client_cert}
 * and {@code --mqtt_client_key}: trust the given CA or else the system's; present the client
 * certificate when both its files are given (also without a CA, unlike ilagent 0.9.0).
 */
public final class MqttTls {
    private static final Logger log = LoggerFactory.getLogger(MqttTls.class);
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private MqttTls() {}

    /** @throws IllegalArgumentException naming the file and what is wrong with it */
    public static Optional<MqttClientSslConfig> from(MqttSettings settings) {
        if (!settings.tls()) {
            return Optional.empty();
        }
        try {
            MqttClientSslConfigBuilder builder = MqttClientSslConfig.builder().protocols(PROTOCOLS);
            if (settings.caFile().isPresent()) {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(PemFiles.trustStore(settings.caFile().get()));
                builder = builder.trustManagerFactory(trust);
            } else {
                log.warn("No CA certificate provided (--mqtt_ca), trusting the system's CA certificates");
            }
            if (settings.clientCertFile().isPresent() && settings.clientKeyFile().isPresent()) {
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(PemFiles.keyStore(settings.clientCertFile().get(), settings.clientKeyFile().get()),
                        PemFiles.NO_PASSWORD);
                builder = builder.keyManagerFactory(keys);
            }
            return Optional.of(builder.build());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up MQTT TLS: " + e.getMessage(), e);
        }
    }
}
