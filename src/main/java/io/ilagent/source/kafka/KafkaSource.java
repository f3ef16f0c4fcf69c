package io.ilagent.source.kafka;

import io.ilagent.config.KafkaSettings;
import io.ilagent.config.TopicSettings;
import io.ilagent.delivery.MemoryLanes;
import io.ilagent.delivery.RetryPolicy;
import io.ilagent.source.Health;
import io.ilagent.source.Intake;
import io.ilagent.source.MessageIntake;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * Consumes the configured topics and hands each record to the intake, which puts it on the delivery
 * engine's in-memory lanes by its ordering key: records of different keys are delivered at once, records of
 * one key in offset order. The engine settles each record (delivered, dead letter, superseded, filtered);
 * per partition the offset below which every record is settled is committed. A partition whose window of
 * unsettled records is full is paused until it drains, the others flow. Only the consumer thread calls the
 * consumer (poll, pause, resume, seek, commit); commits are synchronous: within about a tenth of a second
 * after a settled prefix moved, on revocation and at stop.
 */
public final class KafkaSource {
    private static final Duration IDLE_POLL = Duration.ofMillis(500);
    private static final Duration BUSY_POLL = Duration.ofMillis(50);
    private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);
    /** Settled prefixes that moved are committed this often: a crash then repeats little, at a few commits a second. */
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);
    private static final Logger log = LoggerFactory.getLogger(KafkaSource.class);

    private final KafkaSettings settings;
    private final List<String> topics;
    private final MessageIntake intake;
    private final MemoryLanes memory;
    private final Clock clock;
    private final KafkaReadiness readiness;
    private final AssignedPartitions assigned;
    private final Duration inFlightWait;
    private Duration revokeWait;
    private GroupContact contact;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Duration stopTimeout = Duration.ZERO;
    private Consumer<byte[], byte[]> consumer;
    private Optional<DeadLetterTopic> deadLetterTopic = Optional.empty();
    private RecordIntake records;
    private Instant lastCommit;
    private Thread thread;

    /**
     * @param intake       maps each record and puts it on {@code memory}'s lanes
     * @param memory       the engine's in-memory lanes, told to let go of a revoked partition's waiting records
     * @param intakeRetries backoff for a record the intake cannot take (its store fails); never given up
     * @param inFlightWait  how long a revocation waits for the revoked partitions' deliveries under way
     *                      ({@code --shutdown_timeout}, as a stop does); see {@link #revokeWait}
     */
    public KafkaSource(KafkaSettings settings, TopicSettings topics, MessageIntake intake, MemoryLanes memory,
            RetryPolicy intakeRetries, Duration inFlightWait, Health health, Clock clock) {
        this.settings = settings;
        this.topics = Stream.of(topics.eventTopic(), topics.heartbeatTopic(), topics.policyTopic())
                .flatMap(Optional::stream).distinct().toList();
        this.intake = intake;
        this.memory = memory;
        this.clock = clock;
        this.inFlightWait = inFlightWait;
        this.assigned = new AssignedPartitions(settings.window(), intakeRetries, clock);
        this.readiness = new KafkaReadiness(health, settings.groupId());
    }

    /** Creates the clients (a bad property fails here) and starts consuming in the background. */
    public void start() {
        log.info("Consuming kafka topics {} from {} as group {}, properties {}", topics, settings.brokers(),
                settings.groupId(), KafkaSettings.masked(KafkaClientConfig.consumer(settings)));
        Map<String, String> properties = KafkaClientConfig.consumer(settings);
        consumer = new KafkaConsumer<>(KafkaClientConfig.properties(properties));
        contact = new GroupContact(KafkaClientConfig.sessionTimeout(properties), clock);
        revokeWait = revokeWait(inFlightWait, KafkaClientConfig.maxPollInterval(properties));
        deadLetterTopic = settings.dlqTopic().map(t -> new DeadLetterTopic(t, settings));
        records = new RecordIntake(intake, settings.maxPayloadBytes(), clock);
        lastCommit = clock.instant();
        consumer.subscribe(topics, new Rebalance());
        thread = Thread.ofPlatform().name("kafka-consumer").start(this::run);
    }

    /**
     * Stops polling, lets go of the records waiting for delivery, lets those under way finish for up to
     * {@code timeout}, commits what is settled and leaves the group. The rest comes again on the next start.
     *
     * @return whether the consumer finished in time
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        stopTimeout = timeout;
        stopped.countDown();
        if (thread == null) {
            return true;
        }
        consumer.wakeup();
        return thread.join(timeout.plus(Duration.ofSeconds(6))); // the last commit and the group's leave come after
    }

    private void run() {
        try {
            while (!isStopping()) {
                step();
            }
        } catch (WakeupException stopping) {
            // stop() woke the poll.
        } finally {
            finish();
        }
    }

    /**
     * One iteration: resume what may go on, commit what moved (not while no broker connection is open or the
     * coordinator is out of reach: a commit would only wait for it), poll, take the records.
     */
    private void step() {
        assigned.resumeDue(consumer);
        Optional<Duration> silence = contact.silence(consumer);
        readiness.contact(silence);
        if (silence.isEmpty() && contact.connected()) {
            commitIfDue();
        }
        ConsumerRecords<byte[], byte[]> polled;
        try {
            polled = consumer.poll(assigned.busy() ? BUSY_POLL : IDLE_POLL);
            readiness.polled();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("Kafka poll failed, trying again in {} ms: {}", ERROR_PAUSE.toMillis(), e.toString());
            readiness.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            pause(ERROR_PAUSE);
            return;
        }
        for (TopicPartition partition : polled.partitions()) {
            take(partition, polled.records(partition));
        }
    }

    /** Takes the records in offset order until the window is full or the intake fails; the rest is read again. */
    private void take(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> batch) {
        PartitionWindow window = assigned.window(partition).orElse(null);
        if (window == null) {
            return; // not ours any more
        }
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            if (assigned.full(partition)) {
                consumer.seek(partition, record.offset());
                break;
            }
            window.taken(record.offset());
            Intake result = Intake.attempt(() -> records.take(record, new RecordSettlement(record, window, deadLetterTopic)));
            if (result instanceof Intake.RetryLater later) {
                window.withdrawn(record.offset());
                assigned.backOff(consumer, partition, record.offset(), later);
                return;
            }
            assigned.taken(partition);
        }
        if (assigned.full(partition)) {
            assigned.pause(consumer, partition);
        }
    }

    /**
     * A revocation runs inside poll() while the whole group waits for this member, and the group drops a member
     * that takes longer than {@code max.poll.interval.ms} (its partitions are then lost and not committed). So the
     * wait for deliveries under way is {@code --shutdown_timeout}, but at most half of that interval.
     */
    static Duration revokeWait(Duration inFlightWait, Duration maxPollInterval) {
        Duration half = maxPollInterval.dividedBy(2);
        return inFlightWait.compareTo(half) < 0 ? inFlightWait : half;
    }

    private void commitIfDue() {
        if (!clock.instant().isBefore(lastCommit.plus(COMMIT_INTERVAL))) {
            assigned.commit(consumer);
            lastCommit = clock.instant();
        }
    }

    /** At stop: waiting records are let go of, those under way finish within the timeout, the settled prefix is committed. */
    private void finish() {
        try {
            List<PartitionWindow> windows = assigned.leaveAll();
            memory.dropUnwanted();
            awaitInFlight(windows, stopTimeout);
            if (contact.silence(consumer).isEmpty() && contact.connected()) { // else a commit could only time out
                assigned.commit(consumer);
            }
            assigned.forgetAll();
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            log.warn("Kafka consumer did not close cleanly: {}", e.toString());
        } finally {
            deadLetterTopic.ifPresent(DeadLetterTopic::close);
            readiness.stopped();
        }
    }

    private static void awaitInFlight(List<PartitionWindow> windows, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (PartitionWindow window : windows) {
                if (!window.awaitInFlight(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    log.warn("Kafka records still under way after {} ms; they are not committed and come again",
                            timeout.toMillis());
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
            List<PartitionWindow> leaving = assigned.leave(partitions);
            memory.dropUnwanted();
            awaitInFlight(leaving, revokeWait);
            assigned.commit(consumer, partitions);
            assigned.forget(partitions);
            readiness.assigned(assigned.size());
            log.info("Kafka partitions revoked: {}", partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.assigned(partitions);
            readiness.assigned(consumer.assignment().size());
            if (consumer.assignment().isEmpty()) {
                log.info("Kafka consumer group {} gave this agent no partition: standing by (ready) until a member "
                        + "leaves or partitions are added", settings.groupId());
            } else {
                log.info("Kafka partitions assigned: {} (now holding {})", partitions, consumer.assignment());
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Not waited for nor committed: another consumer has them already.
            assigned.leave(partitions);
            memory.dropUnwanted();
            assigned.forget(partitions);
            readiness.assigned(assigned.size());
            log.warn("Kafka partitions lost (their records may be handled again elsewhere): {}", partitions);
        }
    }
}
