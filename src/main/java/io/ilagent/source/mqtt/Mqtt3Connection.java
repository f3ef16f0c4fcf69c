package io.ilagent.source.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 3.1.1 session for brokers without MQTT 5: persistent (clean session off), but how long the
 * broker keeps it is the broker's setting, and retained messages come again on every resubscribe.
 */
final class Mqtt3Connection implements BrokerConnection {
    private static final Logger log = LoggerFactory.getLogger(Mqtt3Connection.class);

    private final ConnectionSettings settings;
    private final MqttReadiness readiness;
    private final ReconnectDelay delay;
    private Mqtt3AsyncClient client;

    Mqtt3Connection(ConnectionSettings settings, MqttReadiness readiness, ReconnectDelay delay) {
        this.settings = settings;
        this.readiness = readiness;
        this.delay = delay;
    }

    @Override
    public void start(Consumer<Received> onPublish) {
        Mqtt3ClientBuilder builder = MqttClient.builder().useMqttVersion3()
                .identifier(settings.clientId())
                .serverHost(settings.host())
                .serverPort(settings.port())
                .addConnectedListener(context -> {
                    readiness.connected();
                    subscribe();
                })
                .addDisconnectedListener(context -> {
                    readiness.disconnected(ConnectionSettings.describe(context.getCause()));
                    if (context.getSource() != MqttDisconnectSource.USER) {
                        Mqtt5Connection.reconnectLater(context.getReconnector(), delay);
                    }
                });
        settings.ssl().ifPresent(builder::sslConfig);
        settings.username().ifPresent(user -> builder.simpleAuth(Mqtt3SimpleAuth.builder()
                .username(user)
                .password(settings.password().orElse("").getBytes(StandardCharsets.UTF_8))
                .build()));
        client = builder.buildAsync();
        receive(onPublish);
        client.connectWith()
                .cleanSession(false)
                .keepAlive((int) ConnectionSettings.KEEP_ALIVE.toSeconds())
                .send();
    }

    /**
     * The client ends every publish flow when the broker lost the session (broker restart without
     * persistence, expiry): without a new flow, later messages would be acknowledged unseen. The
     * flow ends as the new session starts, before our SUBSCRIBE is answered, so nothing is missed.
     */
    private void receive(Consumer<Received> onPublish) {
        client.toRx().publishes(MqttGlobalPublishFilter.ALL, true).subscribe(
                publish -> onPublish.accept(received(publish)),
                ended -> {
                    log.info("MQTT session ended ({}); receiving again on the new session",
                            ConnectionSettings.describe(ended));
                    receive(onPublish);
                });
    }

    private void subscribe() {
        List<Mqtt3Subscription> subscriptions = settings.filters().stream()
                .map(filter -> Mqtt3Subscription.builder().topicFilter(filter).qos(MqttQos.fromCode(settings.qos())).build())
                .toList();
        client.subscribe(Mqtt3Subscribe.builder().addSubscriptions(subscriptions).build())
                .whenComplete((subAck, error) -> readiness.subAck(settings.filters(),
                        subAck == null ? null : subAck.getReturnCodes(), code -> code.isError(), error));
    }

    private static Received received(Mqtt3Publish publish) {
        return new Received(publish.getTopic().toString(), publish.getPayloadAsBytes(), publish.getQos().getCode(),
                publish.isRetain(), publish::acknowledge);
    }

    @Override
    public CompletableFuture<Void> stop() {
        return client == null ? CompletableFuture.completedFuture(null) : client.disconnect()
                .exceptionally(error -> null); // already disconnected
    }
}
