package io.ilagent.pipeline;

import io.ilagent.delivery.DeliveryResult;
import io.ilagent.delivery.OutboxItem;
import io.ilagent.delivery.RawMessage;
import io.ilagent.delivery.Settlement;
import io.ilagent.delivery.WorkHandler;
import io.ilagent.source.Intake;
import io.ilagent.source.Message;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Delivers raw messages that were stored before they were mapped (rows taken over from an ilagent 0.9.0
 * {@code mqtt_queue}, and requeued dead letters of MQTT messages and Kafka records): it maps them with the
 * current configuration and queues what they become, exactly as a freshly received buffered message.
 * A Kafka record goes through the Kafka topics and endpoint, with its key, as it would have when received.
 */
public final class RawMessageHandler implements WorkHandler<RawMessage> {
    private final EngineIntake mqtt;
    private final EngineIntake kafka;

    /** @param kafka maps Kafka records with the Kafka topic settings */
    public RawMessageHandler(EngineIntake mqtt, EngineIntake kafka) {
        this.mqtt = mqtt;
        this.kafka = kafka;
    }

    @Override
    public DeliveryResult deliver(RawMessage stored, OutboxItem item) {
        Message message = new Message("outbox:" + item.id(), stored.fromKafka() ? Message.Source.KAFKA : Message.Source.MQTT,
                stored.topic(), Optional.ofNullable(stored.key()), stored.payload().getBytes(StandardCharsets.UTF_8),
                item.createdAt());
        return switch ((stored.fromKafka() ? kafka : mqtt).accept(message, Settlement.of(() -> { }))) {
            case Intake.Done done -> new DeliveryResult.Delivered(done.note());
            case Intake.RetryLater later -> new DeliveryResult.RetryLater(later.reason(), later.retryAfter(), later.held());
        };
    }
}
