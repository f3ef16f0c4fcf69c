package io.ilagent.demo;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import java.nio.charset.StandardCharsets;

/**
 * Publishes one message with QoS 1 and returns once the broker acknowledged it, as the site's workforce-management
 * system would: {@code DemoPublish PORT TOPIC PAYLOAD} (broker on 127.0.0.1). For bin/demo, where no
 * mosquitto_pub may be installed.
 */
public final class DemoPublish {
    private DemoPublish() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: DemoPublish PORT TOPIC PAYLOAD");
            System.exit(2);
        }
        Mqtt3BlockingClient client = MqttClient.builder().useMqttVersion3().identifier("ilagent-demo-publisher")
                .serverHost("127.0.0.1").serverPort(Integer.parseInt(args[0])).buildBlocking();
        client.connect();
        client.publishWith().topic(args[1]).qos(MqttQos.AT_LEAST_ONCE)
                .payload(args[2].getBytes(StandardCharsets.UTF_8)).send();
        client.disconnect();
    }
}
