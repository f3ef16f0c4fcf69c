package io.ilagent.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.ilert.IlertClient;

/**
 * Delivers {@link ItemKind#EVENT} items: sends the stored {@link EventPayload}'s event to its channel.
 * Any 2xx from ilert counts as delivered (ilagent 0.9.0 only accepted 202 and dropped the rest).
 */
public final class EventDeliveryHandler implements DeliveryHandler {

    /** Stage name for a payload that cannot be read back, which no retry will fix. */
    static final String DECODE = "decode";

    private final IlertClient ilert;
    private final ObjectMapper json;

    public EventDeliveryHandler(IlertClient ilert, ObjectMapper json) {
        this.ilert = ilert;
        this.json = json;
    }

    @Override
    public DeliveryResult deliver(OutboxItem item) {
        EventPayload payload;
        try {
            payload = json.readValue(item.payload(), EventPayload.class);
        } catch (JsonProcessingException e) {
            return new DeliveryResult.Rejected("stored event is not readable: " + e.getOriginalMessage(), DECODE);
        }
        return DeliveryResult.from(ilert.sendEvent(payload.event(), payload.channel()));
    }
}
