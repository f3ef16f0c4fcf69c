package io.ilagent.source.kafka;

import io.ilagent.delivery.Settlement;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the engine tells the Kafka source about one record: settled records move its partition's commit
 * point. A failed attempt never settles it through the outbox (its offset is committed only after
 * success), and once the partition is left the record is no longer wanted.
 */
final class RecordSettlement implements Settlement {
    private final ConsumerRecord<byte[], byte[]> record;
    private final PartitionWindow window;
    private final Optional<DeadLetterTopic> deadLetterTopic;

    RecordSettlement(ConsumerRecord<byte[], byte[]> record, PartitionWindow window,
            Optional<DeadLetterTopic> deadLetterTopic) {
        this.record = record;
        this.window = window;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public void settled() {
        window.settled(record.offset());
    }

    /** The copy goes out before the record counts as settled, so it is on the DLQ topic before the commit. */
    @Override
    public void deadLettered(String reason) {
        if (window.counts()) {
            deadLetterTopic.ifPresent(topic -> topic.send(record, reason));
        }
        settled();
    }

    @Override
    public void dropped() {
        window.dropped(record.offset());
    }

    @Override
    public boolean outboxSettles() {
        return false;
    }

    @Override
    public boolean wanted() {
        return window.wanted();
    }
}
