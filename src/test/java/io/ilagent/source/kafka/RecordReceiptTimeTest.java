package io.ilagent.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The receipt time of a Kafka record, which orders policy updates, is the record's own and stays with it. */
class RecordReceiptTimeTest {
    private static final Instant PRODUCED = Instant.parse("2026-11-24T08:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-24T09:30:00Z");
    private final List<Message> seen = new ArrayList<>();

    private RecordIntake intake(Intake answer) {
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
        return new RecordIntake(intake, 100_000, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ConsumerRecord<byte[], byte[]> record(long timestamp) {
        return new ConsumerRecord<>("policies", 0, 7, timestamp, TimestampType.CREATE_TIME, 0, 2, null, "{}".getBytes(),
                new RecordHeaders(), Optional.empty());
    }

    @Test
    void aRecordReadAgainAfterItsIntakeFailedKeepsItsOwnTimestamp() {
        RecordIntake intake = intake(Intake.retryLater("could not store the message: disk full"));

        intake.take(record(PRODUCED.toEpochMilli()), Settlement.of(() -> { }));
        intake.take(record(PRODUCED.toEpochMilli()), Settlement.of(() -> { }));

        assertThat(seen).extracting(Message::receivedAt).containsExactly(PRODUCED, PRODUCED);
    }

    @Test
    void aRecordWithoutATimestampIsStampedWithTheAgentsClock() {
        intake(Intake.done("ok")).take(record(ConsumerRecord.NO_TIMESTAMP), Settlement.of(() -> { }));

        assertThat(seen).singleElement().extracting(Message::receivedAt).isEqualTo(NOW);
    }
}
