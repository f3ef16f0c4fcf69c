package io.ilagent.source.mqtt;

import io.ilagent.source.Health;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The MQTT part of /ready (ilagent §3.2): ready only while connected and every subscription was
 * granted since that connect. The last error is kept until the source is ready again.
 */
public final class MqttReadiness {
    static final String COMPONENT = "mqtt";

    /**
     * What /ready reports for MQTT.
     *
     * @param connects how many times the source connected since it started (1 = never reconnected)
     */
    public record Status(boolean connected, boolean subscriptionsReady, String error, int connects) {}

    private final Health health;
    private boolean connected;
    private boolean subscriptionsReady;
    private String error = "";
    private int connects;

    MqttReadiness(Health health) {
        this.health = health;
        health.register(COMPONENT);
    }

    synchronized void connected() {
        connected = true;
        subscriptionsReady = false;
        connects++;
        health.notReady(COMPONENT, "connected, waiting for the broker to grant the subscriptions", facts());
    }

    /** @param refused the filters the broker refused, with its reason codes; empty when all were granted */
    synchronized void subscribed(List<String> refused) {
        if (refused.isEmpty()) {
            subscriptionsReady = true;
            error = "";
            health.ready(COMPONENT);
        } else {
            subscriptionsReady = false;
            error = "Subscription rejected: " + refused;
            health.notReady(COMPONENT, error, facts());
        }
    }

    /**
     * The broker's answer to our SUBSCRIBE, in either protocol version: {@code codes} has one code per
     * filter, in order; {@code error} is set when no answer came.
     */
    <C> void subAck(List<String> filters, List<C> codes, Predicate<C> isError, Throwable error) {
        if (error != null) {
            subscribeFailed(ConnectionSettings.describe(error));
            return;
        }
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            if (isError.test(codes.get(i))) {
                refused.add(filters.get(i) + ": " + codes.get(i));
            }
        }
        subscribed(refused);
    }

    synchronized void subscribeFailed(String reason) {
        subscriptionsReady = false;
        error = "subscribe failed: " + reason;
        health.notReady(COMPONENT, error, facts());
    }

    synchronized void disconnected(String reason) {
        connected = false;
        subscriptionsReady = false;
        error = reason;
        health.notReady(COMPONENT, "not connected: " + reason, facts());
    }

    // The fields ilagent 0.9.0 put in its /ready body for MQTT.
    private Map<String, Object> facts() {
        return Map.of("connected", connected, "subscriptions_ready", subscriptionsReady);
    }

    synchronized Status status() {
        return new Status(connected, subscriptionsReady, error, connects);
    }
}
