package io.ilagent.source.kafka;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Partitions whose next record ilert could not take yet: the failures so far for that record and when
 * the partition may go on. The partition workers record failures, the consumer thread resumes and
 * forgets partitions, so every method is synchronized.
 */
final class PartitionRetries {
    private record Pending(long offset, int failures, Optional<Instant> resumeAt) {}

    private final Map<TopicPartition, Pending> pending = new HashMap<>();

    /** Counts one more failure of the record at {@code offset}; a different record starts at 1. */
    synchronized int failed(TopicPartition partition, long offset) {
        Pending before = pending.get(partition);
        int failures = before != null && before.offset() == offset ? before.failures() + 1 : 1;
        pending.put(partition, new Pending(offset, failures, Optional.empty()));
        return failures;
    }

    /** Pauses for a record that was held, not tried: its failures so far stay as they are (0 for a new record). */
    synchronized void heldUntil(TopicPartition partition, long offset, Instant resumeAt) {
        Pending before = pending.get(partition);
        int failures = before != null && before.offset() == offset ? before.failures() : 0;
        pending.put(partition, new Pending(offset, failures, Optional.of(resumeAt)));
    }

    synchronized void pauseUntil(TopicPartition partition, Instant resumeAt) {
        Pending p = pending.get(partition);
        if (p != null) { // null: the partition was lost meanwhile and forgotten
            pending.put(partition, new Pending(p.offset(), p.failures(), Optional.of(resumeAt)));
        }
    }

    synchronized void done(TopicPartition partition) {
        pending.remove(partition);
    }

    List<TopicPartition> dueAt(Instant now) {
        return dueAt(now, Set.of());
    }

    /**
     * The paused partitions whose time has come; they count as resumed from now on. {@code busy}: partitions
     * whose worker has not finished yet; their consumer thread has not rewound them, so they wait.
     */
    synchronized List<TopicPartition> dueAt(Instant now, Set<TopicPartition> busy) {
        List<TopicPartition> due = new ArrayList<>();
        pending.replaceAll((partition, p) -> {
            if (p.resumeAt().isPresent() && !p.resumeAt().get().isAfter(now) && !busy.contains(partition)) {
                due.add(partition);
                return new Pending(p.offset(), p.failures(), Optional.empty());
            }
            return p;
        });
        return due;
    }

    synchronized Optional<Instant> nextResume() {
        return pending.values().stream().flatMap(p -> p.resumeAt().stream()).min(Instant::compareTo);
    }

    /** The partitions went to another consumer: it starts again from the committed offset. */
    synchronized void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(pending::remove);
    }
}
