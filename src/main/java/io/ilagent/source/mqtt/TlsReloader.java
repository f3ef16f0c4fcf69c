package io.ilagent.source.mqtt;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import io.ilagent.config.MqttSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when the TLS files (CA, client certificate, key) change on disk, e.g. after a certificate
 * renewal, and hands over new TLS settings once the new files are valid. Invalid new files are
 * reported once and the current connection is kept.
 */
final class TlsReloader {
    private static final Logger log = LoggerFactory.getLogger(TlsReloader.class);

    private final MqttSettings settings;
    private final Consumer<Optional<MqttClientSslConfig>> onChange;
    private Optional<String> active;
    private Optional<String> lastSeen;

    TlsReloader(MqttSettings settings, Consumer<Optional<MqttClientSslConfig>> onChange) {
        this.settings = settings;
        this.onChange = onChange;
        this.active = fingerprint(settings);
        this.lastSeen = active;
    }

    /** Whether there are files to watch at all. */
    static boolean applies(MqttSettings settings) {
        return settings.tls() && files(settings).findAny().isPresent();
    }

    /** Called periodically, on one thread. */
    void check() {
        Optional<String> now = fingerprint(settings);
        if (now.isEmpty() || now.equals(active) || now.equals(lastSeen)) {
            return;
        }
        lastSeen = now;
        Optional<MqttClientSslConfig> ssl;
        try {
            ssl = MqttTls.from(settings);
        } catch (IllegalArgumentException e) {
            log.warn("TLS files changed but are invalid, keeping the current connection: {}", e.getMessage());
            return;
        }
        log.info("TLS certificate change detected, reconnecting with the new certificates");
        active = now;
        onChange.accept(ssl);
    }

    /** SHA-256 over the contents of the configured files; empty while one cannot be read (e.g. mid-replacement). */
    static Optional<String> fingerprint(MqttSettings settings) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files(settings).toList()) {
                digest.update(Files.readAllBytes(file));
                digest.update((byte) 0);
            }
            return Optional.of(HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Stream<Path> files(MqttSettings settings) {
        return Stream.of(settings.caFile(), settings.clientCertFile(), settings.clientKeyFile()).flatMap(Optional::stream);
    }
}
