package io.ilagent.source.mqtt;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;

/**
 * Why the broker could not be reached or dropped us, in words an operator acts on: "connection
 * refused", "unknown host", "TLS: …", the broker's reason code. No Java class names, no credentials
 * (the library's messages carry neither user name nor password).
 */
final class BrokerErrors {
    private BrokerErrors() {}

    static String describe(Throwable error) {
        if (error == null) {
            return "disconnected";
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String known = known(t);
            if (known != null) {
                return known;
            }
        }
        return innermostMessage(error);
    }

    private static String known(Throwable t) {
        return switch (t) {
            case UnknownHostException u -> "unknown host" + (u.getMessage() == null ? "" : " " + u.getMessage());
            case UnresolvedAddressException u -> "unknown host";
            case NoRouteToHostException n -> "no route to host";
            // netty's ConnectTimeoutException; netty is only on the runtime class path
            case ConnectException c when c.getClass().getSimpleName().equals("ConnectTimeoutException") -> "connect timeout";
            case ConnectException c -> c.getMessage() != null && c.getMessage().contains("timed out")
                    ? "connect timeout" : "connection refused";
            case SocketTimeoutException s -> "connect timeout";
            case SSLException s -> "TLS: " + (s.getMessage() == null ? "handshake failed" : s.getMessage());
            case Mqtt5ConnAckException c -> "the broker refused the connection: " + c.getMqttMessage().getReasonCode()
                    + c.getMqttMessage().getReasonString().map(r -> " (" + r + ")").orElse("");
            case Mqtt3ConnAckException c -> "the broker refused the connection: " + c.getMqttMessage().getReturnCode();
            case Mqtt5DisconnectException d -> "the broker disconnected: " + d.getMqttMessage().getReasonCode()
                    + d.getMqttMessage().getReasonString().map(r -> " (" + r + ")").orElse("");
            case Mqtt3DisconnectException d -> "the broker disconnected";
            case ConnectionClosedException c -> "the connection was closed"
                    + (c.getMessage() == null ? "" : ": " + c.getMessage());
            default -> null;
        };
    }

    private static String innermostMessage(Throwable error) {
        Throwable inner = error;
        while (inner.getCause() != null && inner.getCause() != inner) {
            inner = inner.getCause();
        }
        String message = inner.getMessage() != null ? inner.getMessage() : error.getMessage();
        if (message == null || message.isBlank()) {
            return "connection failed";
        }
        // Wrapped exceptions repeat the inner one's class name as their message: keep the words only.
        return message.replaceAll("(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:: )?", "").strip();
    }
}
