package io.ilagent.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.ilagent.ilert.EventChannel;
import java.time.Instant;

/** An event the simulator accepted, with the channel its path stands for. */
public record ReceivedEvent(Instant time, EventChannel channel, String path, JsonNode body) {

    public String integrationKey() {
        return body.path("integrationKey").asText(null);
    }

    public String eventType() {
        return body.path("eventType").asText(null);
    }

    public String alertKey() {
        return body.path("alertKey").asText(null);
    }
}
