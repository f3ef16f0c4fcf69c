package io.ilagent.bench.camel;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Predicate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * MQTT (QoS 1) -> ilert event, the way a Camel user would write it: paho-mqtt5 consumer, Jackson to a
 * Map, a processor that builds the event the agent would build, Jackson back to JSON, and the HTTP
 * producer POSTing to {@code <ilert.url>/api/v1/events/mqtt/<integrationKey>}.
 */
public final class IlertRoute extends RouteBuilder {
    private static final int MAX_REDELIVERIES = 10;

    /**
     * What ilert asks us to try again later: 429 and 5xx, for at most 10 redeliveries. Other 4xx answers
     * are final. Decided again on every failure: with onWhen, Camel would keep using the retry policy
     * chosen for an earlier 503 when a later attempt got a 400.
     */
    static final Predicate RETRY_HTTP = exchange -> {
        HttpOperationFailedException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, HttpOperationFailedException.class);
        if (e == null) {
            e = exchange.getException(HttpOperationFailedException.class);
        }
        int attempts = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        return e != null && (e.getStatusCode() == 429 || e.getStatusCode() >= 500) && attempts < MAX_REDELIVERIES;
    };

    @Override
    public void configure() {
        // Redelivery with exponential backoff from 1 s, capped at 60 s, 10 attempts after the first, for
        // 429/5xx answers and for network failures of the HTTP call (refused, reset, timed out). Anything
        // else (other 4xx, a payload that is not JSON or not an event) goes to the default error handler:
        // no redelivery, a log line, and the message is acknowledged and gone.
        onException(HttpOperationFailedException.class)
                .retryWhile(RETRY_HTTP)
                .redeliveryDelay(1000).useExponentialBackOff().backOffMultiplier(2)
                .maximumRedeliveryDelay(60_000).retryAttemptedLogLevel(LoggingLevel.WARN);
        onException(SocketException.class, SocketTimeoutException.class, NoHttpResponseException.class)
                .maximumRedeliveries(MAX_REDELIVERIES).redeliveryDelay(1000).useExponentialBackOff().backOffMultiplier(2)
                .maximumRedeliveryDelay(60_000).retryAttemptedLogLevel(LoggingLevel.WARN);

        from("paho-mqtt5:{{mqtt.topic}}?brokerUrl={{mqtt.broker.url}}&qos=1")
                .routeId("mqtt-to-ilert")
                .unmarshal().json(JsonLibrary.Jackson, Map.class)
                .process(exchange -> {
                    String topic = exchange.getMessage().getHeader(PahoMqtt5Constants.MQTT_TOPIC, String.class);
                    IlertEvent event = IlertEvent.fromPayload(exchange.getMessage().getBody(Map.class), topic);
                    exchange.setProperty("integrationKey", event.pathSegment());
                    exchange.getMessage().setBody(event.body());
                })
                .marshal().json(JsonLibrary.Jackson)
                .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setHeader(Exchange.HTTP_PATH, simple("/api/v1/events/mqtt/${exchangeProperty.integrationKey}"))
                .to("{{ilert.url}}");
    }
}
