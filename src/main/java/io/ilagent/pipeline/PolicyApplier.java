package io.ilagent.pipeline;

import io.ilagent.delivery.DeliveryResult;
import io.ilagent.source.Message;

/**
 * Applies one policy update now, for sources that deliver before they acknowledge (MQTT without
 * buffer). The policy engine implements it; {@code message} is there for its audit history.
 */
@FunctionalInterface
public interface PolicyApplier {
    DeliveryResult apply(PolicyUpdate update, Message message);
}
