package io.ilagent.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.config.KafkaSettings;
import io.ilagent.delivery.Backoff;
import io.ilagent.delivery.RetryPolicy;
import io.ilagent.delivery.Settlement;
import io.ilagent.source.Intake;
import io.ilagent.source.Message;
import io.ilagent.source.MessageIntake;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The receipt time of a Kafka record, which orders policy updates, is the record's own and stays with it. */
class RecordReceiptTimeTest {
    private static final Instant PRODUCED = Instant.parse("2026-11-24T08:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-24T09:30:00Z");
    private final TopicPartition partition = new TopicPartition("policies", 0);
    private final List<Message> seen = new ArrayList<>();

    private RecordHandler handler(Intake answer) {
        MessageIntake intake = new MessageIntake() {
            @Override
            public Intake accept(Message message, Settlement settlement) {
                seen.add(message);
                return answer;
            }

            @Override
            public void setAside(Message message, String reason, String stage) {
            }
        };
        return new RecordHandler(new KafkaSettings("b:9092", "g", List.of(), Optional.empty(), Optional.empty(), 100_000),
                intake, new RetryPolicy(5, new Backoff(new Random(1))), Clock.fixed(NOW, ZoneOffset.UTC),
                new PartitionRetries(), Optional.empty());
    }

    private static ConsumerRecord<byte[], byte[]> record(long timestamp) {
        return new ConsumerRecord<>("policies", 0, 7, timestamp, TimestampType.CREATE_TIME, 0, 2, null, "{}".getBytes(),
                new RecordHeaders(), Optional.empty());
    }

    @Test
    void aRetriedRecordKeepsItsOwnTimestampOnEveryAttempt() {
        RecordHandler handler = handler(Intake.retryLater("ilert answered 503"));

        handler.handled(partition, record(PRODUCED.toEpochMilli()));
        handler.handled(partition, record(PRODUCED.toEpochMilli()));

        assertThat(seen).extracting(Message::receivedAt).containsExactly(PRODUCED, PRODUCED);
    }

    @Test
    void aRecordWithoutATimestampIsStampedWithTheAgentsClock() {
        handler(Intake.done("ok")).handled(partition, record(ConsumerRecord.NO_TIMESTAMP));

        assertThat(seen).singleElement().extracting(Message::receivedAt).isEqualTo(NOW);
    }
}
