package io.ilagent.pipeline;

import io.ilagent.ilert.Event;
import io.ilagent.ilert.EventChannel;
import java.util.Objects;

/** An event and the ilert endpoint it goes to (the MQTT or Kafka alert-source endpoint). */
public record RoutedEvent(EventChannel channel, Event event) {
    public RoutedEvent {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(event, "event");
    }

    /** The path below {@code /api}, e.g. {@code /v1/events/mqtt/<integrationKey>}. */
    public String path() {
        return channel.path(event.integrationKey());
    }
}
