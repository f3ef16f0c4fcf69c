package io.ilagent.source.kafka;

import io.ilagent.delivery.Settlement;
import io.ilagent.source.Intake;
import io.ilagent.source.Message;
import io.ilagent.source.MessageIntake;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Turns one record into a {@link Message} and hands it to the intake, or sets it aside when it is too large. */
final class RecordIntake {
    static final String RECEIVE = "receive";

    private final MessageIntake intake;
    private final int maxPayloadBytes;
    private final Clock clock;

    RecordIntake(MessageIntake intake, int maxPayloadBytes, Clock clock) {
        this.intake = intake;
        this.maxPayloadBytes = maxPayloadBytes;
        this.clock = clock;
    }

    /** See {@link MessageIntake#accept}: {@link Intake.RetryLater} when the record could not be taken. */
    Intake take(ConsumerRecord<byte[], byte[]> record, Settlement settlement) {
        Message message = message(record);
        int size = record.value() == null ? 0 : record.value().length;
        if (size <= maxPayloadBytes) {
            return intake.accept(message, settlement);
        }
        String reason = "payload of " + size + " bytes is over --max_payload_bytes " + maxPayloadBytes;
        intake.setAside(message, reason, RECEIVE);
        settlement.deadLettered(reason);
        return Intake.deadLettered("set aside: " + reason, reason);
    }

    Message message(ConsumerRecord<byte[], byte[]> record) {
        Optional<String> key = Optional.ofNullable(record.key()).map(k -> new String(k, StandardCharsets.UTF_8));
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        return new Message("kafka:" + record.topic() + "/" + record.partition() + "/" + record.offset(),
                Message.Source.KAFKA, record.topic(), key, payload, receivedAt(record));
    }

    /**
     * The record's own timestamp, not the time it was read: it stays the same however often the record is
     * retried, re-read after a restart or taken over by another agent, so the policy history can tell an old
     * record from a newer one on another partition. The agent's clock only for a record without one.
     */
    private Instant receivedAt(ConsumerRecord<byte[], byte[]> record) {
        return record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : clock.instant();
    }
}
