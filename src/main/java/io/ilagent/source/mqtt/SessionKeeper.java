package io.ilagent.source.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import io.reactivex.Flowable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both protocol versions do around the client's connection, so that the two connection
 * classes only build packets: report to {@link MqttReadiness}; on every connect, unsubscribe what a
 * resumed session still holds from an earlier topic set, then subscribe; reconnect with our own
 * delays; and tell the operator at WARN why the broker cannot be reached and when the next try is,
 * not at every attempt (see {@link ReconnectDelay#worthAWarning}).
 */
final class SessionKeeper {
    private static final Logger log = LoggerFactory.getLogger(SessionKeeper.class);

    /** The protocol-specific calls. */
    interface Subscriptions {
        CompletableFuture<?> unsubscribe(List<String> filters);

        void subscribe();
    }

    private final ConnectionSettings settings;
    private final MqttReadiness readiness;
    private final ReconnectDelay delay;
    private final SubscriptionMemory memory;
    private volatile Set<String> stillSubscribed = Set.of();
    private volatile boolean wasConnected;
    private volatile String lastWarned = "";
    private final TakeoverWatch takeovers = new TakeoverWatch(Clock.systemUTC());

    SessionKeeper(ConnectionSettings settings, MqttReadiness readiness, ReconnectDelay delay, SubscriptionMemory memory) {
        this.settings = settings;
        this.readiness = readiness;
        this.delay = delay;
        this.memory = memory;
        // Here, not in MqttSource, so that both versions say it; a TLS reload says it again, which is rare.
        FilterOverlaps.in(settings.filters()).forEach(pair -> log.warn("MQTT topic filters {} overlap: a publish matching"
                + " both may be delivered once per filter (Mosquitto does so for MQTT 5, not for 3.1.1) and is then"
                + " processed once per copy; use filters that do not overlap", pair));
    }

    /**
     * The client builder both versions start from: the broker, the client id, TLS, and this keeper listening to
     * connects and disconnects.
     *
     * @param sessionPresent reads the version's CONNACK: did the broker resume our session?
     */
    MqttClientBuilder clientBuilder(Subscriptions subscriptions, Predicate<MqttClientConnectedContext> sessionPresent) {
        MqttClientBuilder builder = MqttClient.builder()
                .identifier(settings.clientId())
                .serverHost(settings.host())
                .serverPort(settings.port())
                .addConnectedListener(context -> connected(sessionPresent.test(context), subscriptions))
                .addDisconnectedListener(this::disconnected);
        settings.ssl().ifPresent(builder::sslConfig);
        return builder;
    }

    String broker() {
        return settings.host() + ":" + settings.port();
    }

    void connected(boolean sessionPresent, Subscriptions subscriptions) {
        readiness.connected();
        wasConnected = true;
        lastWarned = "";
        log.info("Connected to MQTT broker {} as client {} ({})", broker(), settings.clientId(),
                sessionPresent ? "session resumed" : "new session");
        List<String> stale = sessionPresent ? stale() : List.of();
        if (stale.isEmpty()) {
            stillSubscribed = Set.of();
            subscriptions.subscribe();
            return;
        }
        log.info("Unsubscribing {} at MQTT broker {}: the session of client {} still holds them from an earlier start,"
                + " and they are no longer configured", stale, broker(), settings.clientId());
        subscriptions.unsubscribe(stale).whenComplete((answer, error) -> {
            if (error != null) {
                log.warn("Unsubscribing {} failed ({}); publishes matching them may arrive twice until the next connect",
                        stale, BrokerErrors.describe(error));
                stillSubscribed = Set.copyOf(stale);
            } else {
                stillSubscribed = Set.of();
            }
            subscriptions.subscribe();
        });
    }

    private List<String> stale() {
        List<String> stale = new ArrayList<>(memory.filters());
        stale.removeAll(settings.filters());
        return stale;
    }

    /** The broker's answer to our SUBSCRIBE; once all were granted, they are what the session holds. */
    <C> void subAck(List<C> codes, Predicate<C> isError, Throwable error) {
        readiness.subAck(settings.filters(), codes, isError, error);
        if (error == null && codes.stream().noneMatch(isError)) {
            Set<String> held = new LinkedHashSet<>(settings.filters());
            held.addAll(stillSubscribed);
            if (!held.equals(memory.filters())) {
                memory.remember(held);
            }
        }
    }

    void disconnected(MqttClientDisconnectedContext context) {
        String cause = BrokerErrors.describe(context.getCause());
        readiness.disconnected(cause);
        if (context.getSource() == MqttDisconnectSource.USER) {
            return;
        }
        int attempts = context.getReconnector().getAttempts();
        Duration next = delay.next(attempts);
        // We subscribe on every connect ourselves, to see each SUBACK for /ready.
        context.getReconnector().resubscribeIfSessionExpired(false)
                .reconnect(true)
                .delay(next.toMillis(), TimeUnit.MILLISECONDS);
        warn(cause, attempts, next);
    }

    /** @param attempts the client's count: 0 when a live connection dropped, then 1, 2 … per failed connect */
    private void warn(String cause, int attempts, Duration next) {
        boolean lost = wasConnected;
        wasConnected = false;
        if (lost) {
            lastWarned = cause;
            log.warn("Lost the connection to MQTT broker {}: {}; reconnecting in {}", broker(), cause, seconds(next));
            takeovers.lost(cause, settings.clientId()).ifPresent(log::error);
        } else if (!cause.equals(lastWarned) || ReconnectDelay.worthAWarning(attempts)) {
            lastWarned = cause;
            log.warn("Cannot reach MQTT broker {}: {}; retrying in {} (attempt {})", broker(), cause, seconds(next),
                    attempts);
        } else {
            log.debug("MQTT broker {} still unreachable: {}; retrying in {} (attempt {})", broker(), cause,
                    seconds(next), attempts);
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() < 10_000 ? String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0) : d.toSeconds() + " s";
    }

    /**
     * The client ends every publish flow when the broker lost the session (broker restart without
     * persistence, expiry): without a new flow, later messages would be acknowledged unseen. The
     * flow ends as the new session starts, before our SUBSCRIBE is answered, so nothing is missed.
     */
    <P> void receive(Supplier<Flowable<P>> publishes, Function<P, Received> received, Consumer<Received> onPublish) {
        publishes.get().subscribe(
                publish -> onPublish.accept(received.apply(publish)),
                ended -> {
                    log.info("MQTT session ended ({}); receiving again on the new session", BrokerErrors.describe(ended));
                    receive(publishes, received, onPublish);
                });
    }
}
