package io.ilagent.source.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.Mqtt5Unsubscribe;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** MQTT 5 session: persistent with a bounded expiry, manual acknowledgement, own reconnect delays. */
final class Mqtt5Connection implements BrokerConnection, SessionKeeper.Subscriptions {
    private final ConnectionSettings settings;
    private final SessionKeeper session;
    private Mqtt5AsyncClient client;

    Mqtt5Connection(ConnectionSettings settings, MqttReadiness readiness, ReconnectDelay delay) {
        this(settings, readiness, delay, SubscriptionMemory.NONE);
    }

    /** @param memory the filters subscribed at the last start, to unsubscribe those no longer configured */
    Mqtt5Connection(ConnectionSettings settings, MqttReadiness readiness, ReconnectDelay delay,
            SubscriptionMemory memory) {
        this.settings = settings;
        this.session = new SessionKeeper(settings, readiness, delay, memory);
    }

    @Override
    public void start(Consumer<Received> onPublish) {
        Mqtt5ClientBuilder builder = session.clientBuilder(this,
                context -> ((Mqtt5ClientConnectedContext) context).getConnAck().isSessionPresent()).useMqttVersion5();
        settings.username().ifPresent(user -> builder.simpleAuth(Mqtt5SimpleAuth.builder()
                .username(user)
                .password(settings.password().orElse("").getBytes(StandardCharsets.UTF_8))
                .build()));
        client = builder.buildAsync();
        session.receive(() -> client.toRx().publishes(MqttGlobalPublishFilter.ALL, true), Mqtt5Connection::received,
                onPublish);
        client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(ConnectionSettings.SESSION_EXPIRY.toSeconds())
                .keepAlive((int) ConnectionSettings.KEEP_ALIVE.toSeconds())
                .send();
    }

    @Override
    public void subscribe() {
        List<Mqtt5Subscription> subscriptions = settings.filters().stream()
                .map(filter -> Mqtt5Subscription.builder()
                        .topicFilter(filter)
                        .qos(MqttQos.fromCode(settings.qos()))
                        // Retained messages only for a new subscription, not on every resumed session.
                        .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST)
                        .build())
                .toList();
        client.subscribe(Mqtt5Subscribe.builder().addSubscriptions(subscriptions).build())
                .whenComplete((subAck, error) -> session.subAck(
                        subAck == null ? List.of() : subAck.getReasonCodes(), code -> code.isError(), error));
    }

    @Override
    public CompletableFuture<?> unsubscribe(List<String> filters) {
        return client.unsubscribe(Mqtt5Unsubscribe.builder()
                .addTopicFilters(filters.stream().map(MqttTopicFilter::of).toList())
                .build());
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
