package io.ilagent.source.kafka;

import io.ilagent.delivery.DeliveryResult;
import io.ilagent.delivery.RetryDecision;
import io.ilagent.delivery.RetryPolicy;
import io.ilagent.source.Intake;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this consumer holds: each one's window of unsettled records, whether it is paused (its
 * window is full, or its intake failed and it backs off) and the offset last committed. Used only on the
 * consumer thread, which alone calls the consumer (it is not thread-safe).
 */
final class AssignedPartitions {
    private static final Logger log = LoggerFactory.getLogger(AssignedPartitions.class);
    /**
     * A commit gives up after this long (Kafka's default is a minute): while the broker is away the consumer
     * thread must go on polling, so that readiness follows and a stop is not held up; the records come again.
     */
    static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

    private static final class Partition {
        final PartitionWindow window = new PartitionWindow();
        long committed = -1;
        boolean paused;
        Optional<Instant> backoffUntil = Optional.empty();
        int intakeFailures;
    }

    private final Map<TopicPartition, Partition> partitions = new HashMap<>();
    private final int windowSize;
    private final RetryPolicy intakeRetries;
    private final Clock clock;

    /** @param intakeRetries backoff while the intake cannot take a record (its store fails): never given up */
    AssignedPartitions(int windowSize, RetryPolicy intakeRetries, Clock clock) {
        this.windowSize = windowSize;
        this.intakeRetries = intakeRetries.forever();
        this.clock = clock;
    }

    void assigned(Collection<TopicPartition> added) {
        added.forEach(tp -> partitions.putIfAbsent(tp, new Partition()));
    }

    /** The partitions' records are no longer wanted; they stay here for their last commit, see {@link #forget}. */
    List<PartitionWindow> leave(Collection<TopicPartition> leaving) {
        List<PartitionWindow> windows = leaving.stream().map(partitions::get).filter(Objects::nonNull)
                .map(p -> p.window).toList();
        windows.forEach(PartitionWindow::leave);
        return windows;
    }

    List<PartitionWindow> leaveAll() {
        return leave(List.copyOf(partitions.keySet()));
    }

    /** Late settlements of these partitions' records change nothing from now on. */
    void forget(Collection<TopicPartition> gone) {
        gone.stream().map(partitions::remove).filter(Objects::nonNull).forEach(p -> p.window.forget());
    }

    void forgetAll() {
        forget(List.copyOf(partitions.keySet()));
    }

    Optional<PartitionWindow> window(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp)).map(p -> p.window);
    }

    boolean full(TopicPartition tp) {
        return partitions.get(tp).window.unsettled() >= windowSize;
    }

    boolean busy() {
        return partitions.values().stream().anyMatch(p -> p.paused || p.window.unsettled() > 0);
    }

    void pause(Consumer<?, ?> consumer, TopicPartition tp) {
        Partition p = partitions.get(tp);
        if (!p.paused) {
            consumer.pause(List.of(tp));
            p.paused = true;
            log.debug("Partition {} paused: {} records unsettled", tp, p.window.unsettled());
        }
    }

    /** The intake could not take the record at {@code offset}: read it again after a backoff. */
    void backOff(Consumer<?, ?> consumer, TopicPartition tp, long offset, Intake.RetryLater failure) {
        Partition p = partitions.get(tp);
        consumer.seek(tp, offset);
        RetryDecision next = intakeRetries.decide(p.intakeFailures,
                new DeliveryResult.RetryLater(failure.reason(), failure.retryAfter(), failure.held()), clock.instant());
        p.intakeFailures = next.attempts();
        Instant until = switch (next) {
            case RetryDecision.RetryAt at -> at.at();
            case RetryDecision.HoldUntil hold -> hold.until();
            case RetryDecision.GiveUp never -> clock.instant(); // retries for ever: cannot happen
        };
        p.backoffUntil = Optional.of(until);
        pause(consumer, tp);
        if (p.intakeFailures == 1) {
            log.warn("Record {}/{} not taken: {}; partition paused, read again in {} ms", tp, offset, failure.reason(),
                    Duration.between(clock.instant(), until).toMillis());
        }
    }

    void taken(TopicPartition tp) {
        Partition p = partitions.get(tp);
        if (p.intakeFailures > 0) {
            log.info("Partition {} taken again after {} failed intake(s)", tp, p.intakeFailures);
            p.intakeFailures = 0;
        }
    }

    /** Resumes the paused partitions whose window has room again and whose backoff is over. */
    void resumeDue(Consumer<?, ?> consumer) {
        Instant now = clock.instant();
        partitions.forEach((tp, p) -> {
            if (p.paused && p.window.unsettled() < windowSize && p.backoffUntil.filter(now::isBefore).isEmpty()) {
                p.backoffUntil = Optional.empty();
                p.paused = false;
                consumer.resume(List.of(tp));
            }
        });
    }

    /** Commits each held partition's settled prefix where it moved. */
    void commit(Consumer<?, ?> consumer) {
        commit(consumer, partitions.keySet());
    }

    /** Commits the settled prefix of the given partitions where it moved; a failure is logged (records come again). */
    void commit(Consumer<?, ?> consumer, Collection<TopicPartition> which) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : which) {
            Partition p = partitions.get(tp);
            OptionalLong point = p == null ? OptionalLong.empty() : p.window.commitPoint();
            if (point.isPresent() && point.getAsLong() > p.committed) {
                offsets.put(tp, new OffsetAndMetadata(point.getAsLong()));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            commitSync(consumer, offsets);
            offsets.forEach((tp, offset) -> partitions.get(tp).committed = offset.offset());
            log.debug("Committed {}", offsets);
        } catch (KafkaException e) {
            log.warn("Commit of {} failed; those records may be handled again: {}", offsets, e.toString());
        }
    }

    int size() {
        return partitions.size();
    }

    private static void commitSync(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets, COMMIT_TIMEOUT);
        } catch (WakeupException stopping) {
            // A stop woke this commit; the wakeup is used up, so the second try runs to the end. The
            // consumer loop sees the stop on its own.
            consumer.commitSync(offsets, COMMIT_TIMEOUT);
        }
    }
}
