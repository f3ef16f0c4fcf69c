package io.ilagent.source.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Publishes test messages to the broker, as the site's systems would. */
public final class Publisher implements AutoCloseable {
    private final Mqtt5BlockingClient client;

    public Publisher(int port) {
        client = MqttClient.builder().useMqttVersion5().identifier("publisher-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(port).automaticReconnectWithDefaultConfig().buildBlocking();
        client.connect();
    }

    public void publish(String topic, String payload) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    public void publish(String topic, byte[] payload, boolean retain) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).retain(retain).send();
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
