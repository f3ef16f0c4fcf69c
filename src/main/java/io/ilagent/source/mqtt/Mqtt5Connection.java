package io.ilagent.source.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.lifecycle.MqttClientReconnector;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** MQTT 5 session: persistent with a bounded expiry, manual acknowledgement, own reconnect delays. */
final class Mqtt5Connection implements BrokerConnection {
    private static final Logger log = LoggerFactory.getLogger(Mqtt5Connection.class);

    private final ConnectionSettings settings;
    private final MqttReadiness readiness;
    private final ReconnectDelay delay;
    private Mqtt5AsyncClient client;

    Mqtt5Connection(ConnectionSettings settings, MqttReadiness readiness, ReconnectDelay delay) {
        this.settings = settings;
        this.readiness = readiness;
        this.delay = delay;
    }

    @Override
    public void start(Consumer<Received> onPublish) {
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5()
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
                        reconnectLater(context.getReconnector(), delay);
                    }
                });
        settings.ssl().ifPresent(builder::sslConfig);
        settings.username().ifPresent(user -> builder.simpleAuth(Mqtt5SimpleAuth.builder()
                .username(user)
                .password(settings.password().orElse("").getBytes(StandardCharsets.UTF_8))
                .build()));
        client = builder.buildAsync();
        receive(onPublish);
        client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(ConnectionSettings.SESSION_EXPIRY.toSeconds())
                .keepAlive((int) ConnectionSettings.KEEP_ALIVE.toSeconds())
                .send();
    }

    static void reconnectLater(MqttClientReconnector reconnector, ReconnectDelay delay) {
        // We subscribe on every connect ourselves, to see each SUBACK for /ready.
        reconnector.resubscribeIfSessionExpired(false)
                .reconnect(true)
                .delay(delay.next(reconnector.getAttempts()).toMillis(), TimeUnit.MILLISECONDS);
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
        List<Mqtt5Subscription> subscriptions = settings.filters().stream()
                .map(filter -> Mqtt5Subscription.builder()
                        .topicFilter(filter)
                        .qos(MqttQos.fromCode(settings.qos()))
                        // Retained messages only for a new subscription, not on every resumed session.
                        .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST)
                        .build())
                .toList();
        client.subscribe(Mqtt5Subscribe.builder().addSubscriptions(subscriptions).build())
                .whenComplete((subAck, error) -> readiness.subAck(settings.filters(),
                        subAck == null ? null : subAck.getReasonCodes(), code -> code.isError(), error));
    }

    private static Received received(Mqtt5Publish publish) {
        return new Received(publish.getTopic().toString(), publish.getPayloadAsBytes(), publish.getQos().getCode(),
                publish.isRetain(), publish::acknowledge);
    }

    @Override
    public CompletableFuture<Void> stop() {
        return client == null ? CompletableFuture.completedFuture(null) : client.disconnect()
                .exceptionally(error -> null); // already disconnected
    }

}
