package io.ilagent.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.ilert.IlertClient;

/** Delivers {@link ItemKind#HEARTBEAT} items: pings the stored {@link HeartbeatPayload}'s key. */
public final class HeartbeatDeliveryHandler implements DeliveryHandler {

    private final IlertClient ilert;
    private final ObjectMapper json;

    public HeartbeatDeliveryHandler(IlertClient ilert, ObjectMapper json) {
        this.ilert = ilert;
        this.json = json;
    }

    @Override
    public DeliveryResult deliver(OutboxItem item) {
        HeartbeatPayload payload;
        try {
            payload = json.readValue(item.payload(), HeartbeatPayload.class);
        } catch (JsonProcessingException e) {
            return new DeliveryResult.Rejected("stored heartbeat is not readable: " + e.getOriginalMessage(),
                    EventDeliveryHandler.DECODE);
        }
        return DeliveryResult.from(ilert.pingHeartbeat(payload.integrationKey()));
    }
}
