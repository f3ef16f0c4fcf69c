package io.ilagent.delivery;

import io.ilagent.ilert.Event;
import io.ilagent.ilert.EventChannel;
import java.util.Objects;

/**
 * Payload of an {@link ItemKind#EVENT} item: the event and where it goes.
 *
 * @param routeKey the integration key in the endpoint path ({@link EventChannel#path(String)}); the
 *                 same as the event's own key except for rows ilagent 0.9.0 stored with a different path
 */
public record EventPayload(EventChannel channel, String routeKey, Event event) implements Work {

    public EventPayload {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(event, "event");
        routeKey = routeKey == null ? event.integrationKey() : routeKey;
    }

    public static EventPayload of(EventChannel channel, Event event) {
        return new EventPayload(channel, event.integrationKey(), event);
    }

    @Override
    public ItemKind kind() {
        return ItemKind.EVENT;
    }

    /** Events of one alert stay in order, so a RESOLVE never overtakes its ALERT. */
    @Override
    public String lane() {
        return laneOf(event.integrationKey(), event.alertKey());
    }

    public static String laneOf(String integrationKey, String alertKey) {
        return "event:" + integrationKey + "/" + (alertKey == null ? "" : alertKey);
    }
}
