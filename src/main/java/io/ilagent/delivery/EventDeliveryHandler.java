package io.ilagent.delivery;

import io.ilagent.ilert.IlertClient;

/**
 * Delivers {@link ItemKind#EVENT} items: sends the {@link EventPayload}'s event to its channel.
 * Any 2xx from ilert counts as delivered (ilagent 0.9.0 only accepted 202 and dropped the rest).
 */
public final class EventDeliveryHandler implements WorkHandler<EventPayload> {

    private final IlertClient ilert;

    public EventDeliveryHandler(IlertClient ilert) {
        this.ilert = ilert;
    }

    @Override
    public DeliveryResult deliver(EventPayload payload, OutboxItem item) {
        return DeliveryResult.from(ilert.sendEvent(payload.event(), payload.channel()));
    }
}
