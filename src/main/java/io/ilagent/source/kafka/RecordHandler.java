package io.ilagent.source.kafka;

import io.ilagent.config.KafkaSettings;
import io.ilagent.delivery.RetryPolicy;
import io.ilagent.delivery.Settlement;
import io.ilagent.source.Intake;
import io.ilagent.source.Message;
import io.ilagent.source.MessageIntake;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one record to the intake and decides what its partition does next. Runs on the partition
 * workers, several partitions at once, so it touches no consumer: it only records in
 * {@link PartitionRetries} when the partition may go on after a "retry later".
 */
final class RecordHandler {
    static final String RECEIVE = "receive";
    static final String DELIVER = "deliver";
    private static final Logger log = LoggerFactory.getLogger(RecordHandler.class);

    private final KafkaSettings settings;
    private final MessageIntake intake;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final PartitionRetries retries;
    private final Optional<DeadLetterTopic> deadLetterTopic;

    RecordHandler(KafkaSettings settings, MessageIntake intake, RetryPolicy retryPolicy, Clock clock,
            PartitionRetries retries, Optional<DeadLetterTopic> deadLetterTopic) {
        this.settings = settings;
        this.intake = intake;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
        this.retries = retries;
        this.deadLetterTopic = deadLetterTopic;
    }

    /** @return true when the record is done (delivered, skipped or a dead letter); false to retry it later */
    boolean handled(TopicPartition partition, ConsumerRecord<byte[], byte[]> record) {
        Message message = message(record);
        int size = record.value() == null ? 0 : record.value().length;
        Supplier<Intake> step = size > settings.maxPayloadBytes()
                ? () -> setAside(message, "payload of " + size + " bytes is over --max_payload_bytes "
                        + settings.maxPayloadBytes(), RECEIVE)
                : () -> intake.accept(message, Settlement.of(() -> { }));
        return switch (Intake.attempt(step)) {
            case Intake.Done done -> {
                log.debug("{}: {}", message.id(), done.note());
                done.deadLetter().ifPresent(reason -> deadLetterTopic.ifPresent(t -> t.send(record, reason)));
                retries.done(partition);
                yield true;
            }
            case Intake.RetryLater later -> retryLater(partition, record, message, later);
        };
    }

    private boolean retryLater(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, Message message,
            Intake.RetryLater later) {
        if (later.held()) {
            // ilert's rate limit: not an attempt; the partition waits for the limit's gate, the others go on
            retries.heldUntil(partition, record.offset(), clock.instant().plus(later.retryAfter().orElse(Duration.ZERO)));
            log.debug("{} held: {}; partition {} paused", message.id(), later.reason(), partition);
            return false;
        }
        int failures = retries.failed(partition, record.offset());
        Optional<Duration> delay = retryPolicy.delayAfterFailure(failures, later.retryAfter());
        if (delay.isEmpty()) {
            String reason = "gave up after " + failures + " attempts: " + later.reason();
            if (Intake.attempt(() -> setAside(message, reason, DELIVER)) instanceof Intake.Done) {
                deadLetterTopic.ifPresent(t -> t.send(record, reason));
                retries.done(partition);
                return true;
            }
            delay = Optional.of(retryPolicy.backoff().nextDelay(failures, Optional.empty()));
        }
        retries.pauseUntil(partition, clock.instant().plus(delay.get()));
        log.warn("{} not taken yet (attempt {}): {}; partition {} paused, offset not committed, retrying in {} ms",
                message.id(), failures, later.reason(), partition, delay.get().toMillis());
        return false;
    }

    private Message message(ConsumerRecord<byte[], byte[]> record) {
        Optional<String> key = Optional.ofNullable(record.key()).map(k -> new String(k, StandardCharsets.UTF_8));
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        return new Message("kafka:" + record.topic() + "/" + record.partition() + "/" + record.offset(),
                Message.Source.KAFKA, record.topic(), key, payload, receivedAt(record));
    }

    /**
     * The record's own timestamp, not the time of this attempt: it stays the same however often the record is
     * retried, re-read after a restart or taken over by another agent, so the policy history can tell an old
     * record from a newer one on another partition. The agent's clock only for a record without one.
     */
    private Instant receivedAt(ConsumerRecord<byte[], byte[]> record) {
        return record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : clock.instant();
    }

    private Intake setAside(Message message, String reason, String stage) {
        intake.setAside(message, reason, stage);
        return Intake.deadLettered("set aside: " + reason, reason);
    }
}
