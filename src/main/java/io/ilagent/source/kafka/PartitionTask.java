package io.ilagent.source.kafka;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One poll's records of one partition, handled in order on a worker thread. It stops at the first
 * record that is not done, so {@link #lastDone()} always covers every record before it; the consumer
 * thread reads the outcome and makes every consumer call itself (commit, seek, resume).
 */
final class PartitionTask implements Runnable {
    private static final long NONE = -1;

    final TopicPartition partition;
    private final List<ConsumerRecord<byte[], byte[]>> records;
    private final RecordHandler handler;
    private final BooleanSupplier stopping;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean abandoned;
    private volatile long lastDone = NONE;
    private volatile long rewindTo = NONE;
    /** The last offset the consumer thread passed on for commit; only that thread uses it. */
    long synced = NONE;

    PartitionTask(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records, RecordHandler handler,
            BooleanSupplier stopping) {
        this.partition = partition;
        this.records = records;
        this.handler = handler;
        this.stopping = stopping;
    }

    @Override
    public void run() {
        if (!claimed.compareAndSet(false, true)) {
            return; // abandoned before a worker got to it
        }
        try {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (abandoned || stopping.getAsBoolean() || !handler.handled(partition, record)) {
                    // Everything from this record on comes again once the partition resumes.
                    rewindTo = record.offset();
                    return;
                }
                lastDone = record.offset();
            }
        } finally {
            finished.countDown();
        }
    }

    /** No further record is started; one under way finishes. See {@link #awaitFinished()}. */
    void abandon() {
        abandoned = true;
        if (claimed.compareAndSet(false, true)) {
            finished.countDown();
        }
    }

    void awaitFinished() {
        boolean interrupted = false;
        while (true) {
            try {
                finished.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the record under way decides what may be committed: wait for it
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isFinished() {
        return finished.getCount() == 0;
    }

    /** The offset of the last record done, with all before it in this task; empty when none is. */
    OptionalLong lastDone() {
        long done = lastDone;
        return done == NONE ? OptionalLong.empty() : OptionalLong.of(done);
    }

    /** Once finished: the first record not done, where the partition goes on from; empty when all are done. */
    OptionalLong rewindTo() {
        long offset = rewindTo;
        return offset == NONE ? OptionalLong.empty() : OptionalLong.of(offset);
    }
}
