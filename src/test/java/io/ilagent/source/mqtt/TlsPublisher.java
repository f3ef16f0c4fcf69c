package io.ilagent.source.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/** A publisher over mutual TLS with the test client certificate. */
final class TlsPublisher implements AutoCloseable {
    private final Mqtt5BlockingClient client;

    TlsPublisher(int port, Certificates certs) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(PemFiles.trustStore(certs.caCert()));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(PemFiles.keyStore(certs.clientCert(), certs.clientKey()), PemFiles.NO_PASSWORD);
        client = MqttClient.builder().useMqttVersion5().identifier("tls-publisher").serverHost("127.0.0.1")
                .serverPort(port)
                .sslConfig(MqttClientSslConfig.builder().trustManagerFactory(trust).keyManagerFactory(keys).build())
                .buildBlocking();
        client.connect();
    }

    void publish(String topic, String payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
