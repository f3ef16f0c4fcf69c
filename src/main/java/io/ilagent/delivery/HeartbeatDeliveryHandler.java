package io.ilagent.delivery;

import io.ilagent.ilert.IlertClient;

/** Delivers {@link ItemKind#HEARTBEAT} items: pings the {@link HeartbeatPayload}'s key. */
public final class HeartbeatDeliveryHandler implements WorkHandler<HeartbeatPayload> {

    private final IlertClient ilert;

    public HeartbeatDeliveryHandler(IlertClient ilert) {
        this.ilert = ilert;
    }

    @Override
    public DeliveryResult deliver(HeartbeatPayload payload, OutboxItem item) {
        return DeliveryResult.from(ilert.pingHeartbeat(payload.integrationKey()));
    }
}
