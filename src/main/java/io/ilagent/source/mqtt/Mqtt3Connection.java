package io.ilagent.source.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import com.hivemq.client.mqtt.mqtt3.message.unsubscribe.Mqtt3Unsubscribe;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * MQTT 3.1.1 session for brokers without MQTT 5: persistent (clean session off), but how long the
 * broker keeps it is the broker's setting, and retained messages come again on every resubscribe.
 */
final class Mqtt3Connection implements BrokerConnection, SessionKeeper.Subscriptions {
    private final ConnectionSettings settings;
    private final SessionKeeper session;
    private Mqtt3AsyncClient client;

    Mqtt3Connection(ConnectionSettings settings, MqttReadiness readiness, ReconnectDelay delay) {
        this(settings, readiness, delay, SubscriptionMemory.NONE);
    }

    /** @param memory the filters subscribed at the last start, to unsubscribe those no longer configured */
    Mqtt3Connection(ConnectionSettings settings, MqttReadiness readiness, ReconnectDelay delay,
            SubscriptionMemory memory) {
        this.settings = settings;
        this.session = new SessionKeeper(settings, readiness, delay, memory);
    }

    @Override
    public void start(Consumer<Received> onPublish) {
        Mqtt3ClientBuilder builder = session.clientBuilder(this,
                context -> ((Mqtt3ClientConnectedContext) context).getConnAck().isSessionPresent()).useMqttVersion3();
        settings.username().ifPresent(user -> builder.simpleAuth(Mqtt3SimpleAuth.builder()
                .username(user)
                .password(settings.password().orElse("").getBytes(StandardCharsets.UTF_8))
                .build()));
        client = builder.buildAsync();
        session.receive(() -> client.toRx().publishes(MqttGlobalPublishFilter.ALL, true), Mqtt3Connection::received,
                onPublish);
        client.connectWith()
                .cleanSession(false)
                .keepAlive((int) ConnectionSettings.KEEP_ALIVE.toSeconds())
                .send();
    }

    @Override
    public void subscribe() {
        List<Mqtt3Subscription> subscriptions = settings.filters().stream()
                .map(filter -> Mqtt3Subscription.builder().topicFilter(filter).qos(MqttQos.fromCode(settings.qos())).build())
                .toList();
        client.subscribe(Mqtt3Subscribe.builder().addSubscriptions(subscriptions).build())
                .whenComplete((subAck, error) -> session.subAck(
                        subAck == null ? List.of() : subAck.getReturnCodes(), code -> code.isError(), error));
    }

    @Override
    public CompletableFuture<?> unsubscribe(List<String> filters) {
        return client.unsubscribe(Mqtt3Unsubscribe.builder()
                .addTopicFilters(filters.stream().map(MqttTopicFilter::of).toList())
                .build());
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
