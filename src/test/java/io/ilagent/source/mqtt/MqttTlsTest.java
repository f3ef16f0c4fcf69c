package io.ilagent.source.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ilagent.sim.IlertSimulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** TLS and mutual TLS from PEM files against a Mosquitto TLS listener. */
class MqttTlsTest {
    @TempDir
    static Path certDir;
    static Certificates certs;

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();
    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = Certificates.create(certDir);
    }

    private void eventArrivesOver(Mosquitto tlsBroker, MqttAgent.TlsFiles files) throws Exception {
        try (Mosquitto plain = tlsBroker;
             MqttAgent agent = new MqttAgent(dir, tlsBroker.port(), ilert.sim(), MqttAgent.Options.direct("tls").tls(files))) {
            await().atMost(Duration.ofSeconds(10)).until(agent::ready);
            try (TlsPublisher publisher = new TlsPublisher(tlsBroker.port(), certs)) {
                publisher.publish("plant/a/events", """
                        {"integrationKey":"il1mqtt1","eventType":"ALERT","summary":"over TLS"}""");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().events().size() == 1);
        }
    }

    @Test
    void theBrokerIsTrustedThroughTheGivenCa() throws Exception {
        eventArrivesOver(Mosquitto.start(dir.resolve("broker"), false, certs.serverListener(false)),
                new MqttAgent.TlsFiles(Optional.of(certs.caCert()), Optional.empty(), Optional.empty()));
    }

    @Test
    void aBrokerThatRequiresAClientCertificateAcceptsOurs() throws Exception {
        eventArrivesOver(Mosquitto.start(dir.resolve("broker"), false, certs.serverListener(true)),
                new MqttAgent.TlsFiles(Optional.of(certs.caCert()), Optional.of(certs.clientCert()),
                        Optional.of(certs.clientKey())));
    }

    @Test
    void withoutAClientCertificateTheSourceStaysNotReadyAndSaysWhy() throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"), false, certs.serverListener(true));
             MqttAgent agent = new MqttAgent(dir, broker.port(), ilert.sim(), MqttAgent.Options.direct("no-cert")
                     .tls(new MqttAgent.TlsFiles(Optional.of(certs.caCert()), Optional.empty(), Optional.empty())))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !agent.source.status().error().isEmpty());
            assertThat(agent.ready()).isFalse();
            assertThat(agent.source.status().connected()).isFalse();
        }
    }

    @Test
    void aCaFileWithoutCertificatesIsRefusedWithItsName() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");

        assertThatThrownBy(() -> new MqttAgent(dir, 1, ilert.sim(), MqttAgent.Options.direct("bad-ca")
                .tls(new MqttAgent.TlsFiles(Optional.of(empty), Optional.empty(), Optional.empty()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot set up MQTT TLS")
                .hasMessageContaining("empty.pem");
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsRefused() {
        assertThatThrownBy(() -> new MqttAgent(dir, 1, ilert.sim(), MqttAgent.Options.direct("bad-key")
                .tls(new MqttAgent.TlsFiles(Optional.of(certs.caCert()), Optional.of(certs.clientCert()),
                        Optional.of(certs.serverKey())))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not hold the key of the certificate");
    }

    @Test
    void aRenewedClientCertificateIsUsedAfterAReconnectAndAnInvalidOneIsNot() throws Exception {
        Path cert = Files.copy(certs.clientCert(), dir.resolve("client.pem"));
        Path key = Files.copy(certs.clientKey(), dir.resolve("client.key"));
        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"), false, certs.serverListener(true));
             MqttAgent agent = new MqttAgent(dir, broker.port(), ilert.sim(), MqttAgent.Options.direct("renewed")
                     .tls(new MqttAgent.TlsFiles(Optional.of(certs.caCert()), Optional.of(cert), Optional.of(key))))) {
            await().atMost(Duration.ofSeconds(10)).until(agent::ready);

            Files.writeString(key, "not a key\n");
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                    .until(() -> agent.ready() && agent.source.status().connects() == 1);

            // Another certificate of the same CA stands in for a renewed one.
            Files.copy(certs.serverCert(), cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(certs.serverKey(), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.source.status().connects() == 2 && agent.ready());

            try (TlsPublisher publisher = new TlsPublisher(broker.port(), certs)) {
                publisher.publish("plant/a/events", """
                        {"integrationKey":"il1mqtt1","eventType":"ALERT","summary":"after renewal"}""");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().events().size() == 1);
        }
    }

    @Test
    void aPkcs1RsaKeyIsRead() throws Exception {
        assertThat(PemFiles.keyStore(certs.serverCert(), certs.rsaPkcs1Key()).isKeyEntry("client")).isTrue();
    }
}
