package io.ilagent.source.mqtt;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A broker session that stays up by itself: reconnects, resubscribes, and reports to {@link MqttReadiness}. */
interface BrokerConnection {

    /**
     * Registers {@code onPublish} before connecting, so that messages the broker re-sends from the
     * persistent session right after CONNACK are not lost; then connects. Returns at once.
     * {@code onPublish} runs on the network thread and must hand the message off quickly.
     */
    void start(Consumer<Received> onPublish);

    /** Disconnects cleanly; unacknowledged messages stay with the broker's session. */
    CompletableFuture<Void> stop();
}
