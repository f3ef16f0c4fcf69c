package io.ilagent.source.kafka;

import io.ilagent.config.KafkaSettings;
import io.ilagent.config.TopicSettings;
import io.ilagent.delivery.RetryPolicy;
import io.ilagent.runtime.Health;
import io.ilagent.source.MessageIntake;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * Consumes the configured topics and hands each record, in partition order, to a {@link MessageIntake}:
 * up to {@code maxInFlight} partitions at once, each on its own worker, so one slow ilert answer holds
 * up only its own partition. The consumer is not thread-safe: only the consumer thread polls, pauses,
 * resumes, seeks and commits; a partition is paused while its worker runs. An offset is committed only
 * once its record and all before it are done. When the intake says "retry later", that partition is
 * rewound to the record, which comes again after the backoff, while the other partitions keep flowing;
 * nothing is skipped and the process stays up. Commits are synchronous: when a worker finishes, at least
 * every second during a long batch, on revocation (after the revoked partitions' workers finished the
 * record in hand) and at stop.
 */
public final class KafkaSource {
    private static final Duration MAX_POLL = Duration.ofMillis(500);
    private static final Duration WORK_POLL = Duration.ofMillis(5);
    private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(KafkaSource.class);

    private final KafkaSettings settings;
    private final List<String> topics;
    private final MessageIntake intake;
    private final RetryPolicy retryPolicy;
    private final int maxInFlight;
    private final Clock clock;
    private final KafkaReadiness readiness;
    private final PartitionRetries retries = new PartitionRetries();
    private final ProcessedOffsets processed;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Consumer<byte[], byte[]> consumer;
    private Optional<DeadLetterTopic> deadLetterTopic = Optional.empty();
    private final Map<TopicPartition, PartitionTask> inFlight = new HashMap<>(); // consumer thread only
    private RecordHandler handler;
    private ExecutorService workers;
    private Thread thread;

    /**
     * @param retryPolicy how often to retry a record ilert cannot take yet; after that it becomes a dead letter
     * @param maxInFlight partitions whose records are handed to {@code intake} at once (each in order)
     */
    public KafkaSource(KafkaSettings settings, TopicSettings topics, MessageIntake intake, RetryPolicy retryPolicy,
            int maxInFlight, Health health, Clock clock) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
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
        handler = new RecordHandler(settings, intake, retryPolicy, clock, retries, deadLetterTopic);
        // Virtual threads: a worker mostly waits for ilert; its few JDBC writes (dead letters, policy audit rows)
        // go through Database's ReentrantLock, which a waiting virtual thread does not pin.
        workers = Executors.newFixedThreadPool(maxInFlight, Thread.ofVirtual().name("kafka-partition-", 0).factory());
        consumer.subscribe(topics, new Rebalance());
        thread = Thread.ofPlatform().name("kafka-consumer").start(this::run);
    }

    /**
     * Stops polling, lets the records in hand (one per partition under way) finish for up to {@code timeout},
     * commits what is done and leaves the group. Records not yet done come again on the next start.
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
            finishWorkers();
            processed.commit(consumer);
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            deadLetterTopic.ifPresent(DeadLetterTopic::close);
            readiness.stopped();
        }
    }

    /**
     * One iteration: take in the partitions whose worker finished, resume those whose backoff is over,
     * poll, and start a worker for each partition that got records.
     */
    private void step() {
        finishDone();
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
            dispatch(partition, records.records(partition));
        }
        inFlight.values().forEach(this::sync);
        processed.commitIfDue(consumer);
    }

    /** Paused while its worker runs, so the next poll brings none of its records and order holds. */
    private void dispatch(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records) {
        consumer.pause(List.of(partition));
        PartitionTask task = new PartitionTask(partition, records, handler, this::isStopping);
        inFlight.put(partition, task);
        workers.execute(task);
    }

    /** Commits what the finished workers did; rewinds a partition to its first record not done, or resumes it. */
    private void finishDone() {
        List<PartitionTask> finished = inFlight.values().stream().filter(PartitionTask::isFinished).toList();
        if (finished.isEmpty()) {
            return;
        }
        for (PartitionTask task : finished) {
            inFlight.remove(task.partition);
            sync(task);
            OptionalLong rewindTo = task.rewindTo();
            if (rewindTo.isPresent()) {
                // stays paused; resumeDue() resumes it when PartitionRetries says its time has come
                consumer.seek(task.partition, rewindTo.getAsLong());
            } else {
                consumer.resume(List.of(task.partition));
            }
        }
        processed.commit(consumer);
    }

    private void sync(PartitionTask task) {
        OptionalLong done = task.lastDone();
        if (done.isPresent() && done.getAsLong() > task.synced) {
            processed.handled(task.partition, done.getAsLong());
            task.synced = done.getAsLong();
        }
    }

    private void resumeDue() {
        List<TopicPartition> due = retries.dueAt(clock.instant(), inFlight.keySet());
        due.retainAll(consumer.assignment());
        if (!due.isEmpty()) {
            consumer.resume(due);
        }
    }

    private Duration pollTimeout() {
        // Workers finish between polls; a short poll takes their partitions in, and so on with the next records.
        Duration longest = inFlight.isEmpty() ? MAX_POLL : WORK_POLL;
        return retries.nextResume()
                .map(at -> Duration.between(clock.instant(), at))
                .filter(untilResume -> untilResume.compareTo(longest) < 0)
                .map(untilResume -> untilResume.isNegative() ? Duration.ZERO : untilResume)
                .orElse(longest);
    }

    /** Waits for the partitions' workers: the record under way finishes, no further one starts. */
    private void abandon(Collection<TopicPartition> partitions) {
        List<PartitionTask> tasks = partitions.stream().map(inFlight::remove).filter(Objects::nonNull).toList();
        tasks.forEach(PartitionTask::abandon);
        tasks.forEach(PartitionTask::awaitFinished);
        tasks.forEach(this::sync);
    }

    /** At stop: the workers finish the record in hand and start no other; what they did is committed. */
    private void finishWorkers() {
        workers.shutdown();
        inFlight.values().forEach(PartitionTask::awaitFinished);
        inFlight.values().forEach(this::sync);
        inFlight.clear();
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
            abandon(partitions);
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
            // Not waited for: another consumer has them already; what their workers still do is not committed.
            partitions.stream().map(inFlight::remove).filter(Objects::nonNull).forEach(PartitionTask::abandon);
            processed.forget(partitions);
            retries.forget(partitions);
            readiness.assigned(Math.max(0, consumer.assignment().size() - partitions.size()));
            log.warn("Kafka partitions lost (their records may be handled again elsewhere): {}", partitions);
        }
    }
}
