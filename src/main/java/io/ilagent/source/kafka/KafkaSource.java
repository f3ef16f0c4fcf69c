package io.ilagent.source.kafka;

import io.ilagent.config.KafkaSettings;
import io.ilagent.config.TopicSettings;
import io.ilagent.delivery.RetryPolicy;
import io.ilagent.runtime.Health;
import io.ilagent.source.Intake;
import io.ilagent.source.Message;
import io.ilagent.source.MessageIntake;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the configured topics on one thread and hands each record, in partition order, to a
 * {@link MessageIntake}. An offset is committed only once its record is done. When the intake says
 * "retry later", that partition is paused and rewound to the record, which comes again after the
 * backoff, while the other partitions keep flowing; nothing is skipped and the process stays up.
 * Commits are synchronous: after each poll's records, at least every second during a long batch, on
 * revocation and at stop.
 */
public final class KafkaSource {
    static final String RECEIVE = "receive";
    static final String DELIVER = "deliver";
    private static final Duration MAX_POLL = Duration.ofMillis(500);
    private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(KafkaSource.class);

    private final KafkaSettings settings;
    private final List<String> topics;
    private final MessageIntake intake;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final KafkaReadiness readiness;
    private final PartitionRetries retries = new PartitionRetries();
    private final ProcessedOffsets processed;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Consumer<byte[], byte[]> consumer;
    private Optional<DeadLetterTopic> deadLetterTopic = Optional.empty();
    private Thread thread;

    /** @param retryPolicy how often to retry a record ilert cannot take yet; after that it becomes a dead letter */
    public KafkaSource(KafkaSettings settings, TopicSettings topics, MessageIntake intake, RetryPolicy retryPolicy,
            Health health, Clock clock) {
        this.settings = settings;
        this.topics = Stream.of(topics.eventTopic(), topics.heartbeatTopic(), topics.policyTopic())
                .flatMap(Optional::stream).distinct().toList();
        this.intake = intake;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
        this.processed = new ProcessedOffsets(clock, COMMIT_INTERVAL);
        this.readiness = new KafkaReadiness(health, settings.groupId());
    }

    /** Creates the clients (a bad property fails here) and starts consuming in the background. */
    public void start() {
        log.info("Consuming kafka topics {} from {} as group {}, properties {}", topics, settings.brokers(),
                settings.groupId(), KafkaSettings.masked(KafkaClientConfig.consumer(settings)));
        consumer = new KafkaConsumer<>(KafkaClientConfig.properties(KafkaClientConfig.consumer(settings)));
        deadLetterTopic = settings.dlqTopic().map(t -> new DeadLetterTopic(t, settings));
        consumer.subscribe(topics, new Rebalance());
        thread = Thread.ofPlatform().name("kafka-consumer").start(this::run);
    }

    /**
     * Stops polling, lets the record in hand finish for up to {@code timeout}, commits what is done and
     * leaves the group. Records not yet done come again on the next start.
     *
     * @return whether the consumer finished in time
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        stopped.countDown();
        if (thread == null) {
            return true;
        }
        consumer.wakeup();
        return thread.join(timeout.isZero() ? Duration.ofMillis(1) : timeout);
    }

    private void run() {
        try {
            while (!isStopping()) {
                step();
            }
        } catch (WakeupException stopping) {
            // stop() woke the poll.
        } finally {
            processed.commit(consumer);
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            deadLetterTopic.ifPresent(DeadLetterTopic::close);
            readiness.stopped();
        }
    }

    /** One iteration: resume partitions whose backoff is over, poll, handle each partition, commit. */
    private void step() {
        resumeDue();
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(pollTimeout());
            readiness.polled();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("Kafka poll failed, trying again in {} ms: {}", ERROR_PAUSE.toMillis(), e.toString());
            readiness.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            pause(ERROR_PAUSE);
            return;
        }
        for (TopicPartition partition : records.partitions()) {
            if (isStopping()) {
                break;
            }
            handle(partition, records.records(partition));
        }
        processed.commit(consumer);
    }

    private void resumeDue() {
        List<TopicPartition> due = retries.dueAt(clock.instant());
        due.retainAll(consumer.assignment());
        if (!due.isEmpty()) {
            consumer.resume(due);
        }
    }

    private Duration pollTimeout() {
        return retries.nextResume()
                .map(at -> Duration.between(clock.instant(), at))
                .filter(untilResume -> untilResume.compareTo(MAX_POLL) < 0)
                .map(untilResume -> untilResume.isNegative() ? Duration.ZERO : untilResume)
                .orElse(MAX_POLL);
    }

    private void handle(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (isStopping()) {
                return;
            }
            if (!handled(partition, record)) {
                // Everything from this record on comes again once the partition resumes.
                consumer.pause(List.of(partition));
                consumer.seek(partition, record.offset());
                return;
            }
            processed.handled(partition, record.offset());
            processed.commitIfDue(consumer);
        }
    }

    /** @return true when the record is done (delivered, skipped or a dead letter); false to retry it later */
    private boolean handled(TopicPartition partition, ConsumerRecord<byte[], byte[]> record) {
        Message message = message(record);
        int size = record.value() == null ? 0 : record.value().length;
        Supplier<Intake> step = size > settings.maxPayloadBytes()
                ? () -> setAside(message, "payload of " + size + " bytes is over --max_payload_bytes "
                        + settings.maxPayloadBytes(), RECEIVE)
                : () -> intake.accept(message);
        return switch (attempt(step)) {
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
            if (attempt(() -> setAside(message, reason, DELIVER)) instanceof Intake.Done) {
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
                Message.Source.KAFKA, record.topic(), key, payload, clock.instant());
    }

    private static Intake attempt(Supplier<Intake> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            return Intake.retryLater(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Intake setAside(Message message, String reason, String stage) {
        intake.setAside(message, reason, stage);
        return Intake.deadLettered("set aside: " + reason, reason);
    }

    private void pause(Duration delay) {
        try {
            stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean isStopping() {
        return stopped.getCount() == 0 || Thread.currentThread().isInterrupted();
    }

    /** Runs inside poll() on the consumer thread. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            processed.commit(consumer, partitions);
            retries.forget(partitions);
            readiness.assigned(consumer.assignment().size() - partitions.size());
            log.info("Kafka partitions revoked: {}", partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            readiness.assigned(consumer.assignment().size());
            log.info("Kafka partitions assigned: {} (now holding {})", partitions, consumer.assignment());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            processed.forget(partitions);
            retries.forget(partitions);
            readiness.assigned(Math.max(0, consumer.assignment().size() - partitions.size()));
            log.warn("Kafka partitions lost (their records may be handled again elsewhere): {}", partitions);
        }
    }
}
