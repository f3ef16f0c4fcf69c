package io.ilagent.source.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per partition, the offset after the last record that is fully handled, not yet committed. Commits are
 * synchronous, so an offset is never committed ahead of its record nor lost in flight at a stop.
 */
final class ProcessedOffsets {
    private static final Logger log = LoggerFactory.getLogger(ProcessedOffsets.class);

    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    private final Clock clock;
    private final Duration interval;
    private Instant lastCommit;

    /** @param interval during a long batch, commit at least this often, so a crash repeats little */
    ProcessedOffsets(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
        this.lastCommit = clock.instant();
    }

    void handled(TopicPartition partition, long offset) {
        pending.put(partition, new OffsetAndMetadata(offset + 1));
    }

    /** Commits when the last commit is {@code interval} ago; called once per turn of the poll loop. */
    void commitIfDue(Consumer<?, ?> consumer) {
        if (!clock.instant().isBefore(lastCommit.plus(interval))) {
            commit(consumer);
        }
    }

    /** Commits everything handled so far. A failure is logged: those records come again (at least once). */
    void commit(Consumer<?, ?> consumer) {
        commit(consumer, Map.copyOf(pending));
        lastCommit = clock.instant();
    }

    /** Commits the partitions about to go to another consumer, so it does not handle their records again. */
    void commit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> some = new HashMap<>();
        partitions.stream().filter(pending::containsKey).forEach(p -> some.put(p, pending.get(p)));
        commit(consumer, some);
    }

    /** Partitions lost without a chance to commit: another consumer handles their records again. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(pending::remove);
    }

    private void commit(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            commitSync(consumer, offsets);
            log.debug("Committed {}", offsets);
        } catch (KafkaException e) {
            log.warn("Commit of {} failed; those records may be handled again: {}", offsets, e.toString());
        }
        offsets.keySet().forEach(pending::remove);
    }

    private static void commitSync(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException stopping) {
            // A stop woke this commit; the wakeup is used up, so the second try runs to the end. The
            // consumer loop sees the stop on its own.
            consumer.commitSync(offsets);
        }
    }
}
