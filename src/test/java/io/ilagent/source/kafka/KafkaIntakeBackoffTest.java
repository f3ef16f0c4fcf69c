package io.ilagent.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.delivery.Backoff;
import io.ilagent.delivery.MutableClock;
import io.ilagent.delivery.RetryPolicy;
import io.ilagent.source.Intake;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A record the intake cannot take (its store fails: a full disk, a locked database) pauses its partition
 * for a backoff that grows with each failure in a row, and is read again from its own offset; the other
 * partitions are not paused. Kafka's MockConsumer stands in for the consumer.
 */
class KafkaIntakeBackoffTest {
    private static final TopicPartition FAILING = new TopicPartition("t", 0);
    private static final TopicPartition OTHER = new TopicPartition("t", 1);
    private static final Intake.RetryLater STORE_FAILED = new Intake.RetryLater("could not store: disk full", Optional.empty());

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T12:00:00Z"));
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    /** Half the backoff ceiling each time: 0.5 s, 1 s, 2 s, ... */
    private final AssignedPartitions assigned = new AssignedPartitions(500,
            new RetryPolicy(3, new Backoff(new Random() {
                @Override
                public double nextDouble() {
                    return 0.5;
                }
            })), clock);

    @BeforeEach
    void assign() {
        consumer.assign(List.of(FAILING, OTHER));
        consumer.updateBeginningOffsets(Map.of(FAILING, 0L, OTHER, 0L));
        assigned.assigned(List.of(FAILING, OTHER));
    }

    @Test
    void aRecordTheStoreCannotTakePausesOnlyItsPartitionAndIsReadAgainFromItsOffsetAfterTheBackoff() {
        consumer.seek(FAILING, 8);

        assigned.backOff(consumer, FAILING, 5, STORE_FAILED);

        assertThat(consumer.paused()).containsExactly(FAILING);
        assertThat(consumer.position(FAILING)).as("read again from the record not taken").isEqualTo(5);
        assertPausedFor(Duration.ofMillis(500));
    }

    @Test
    void eachFailureInARowWaitsLongerBeyondMaxRetriesAndATakenRecordStartsTheBackoffAfresh() {
        for (Duration wait : List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(8))) {
            assigned.backOff(consumer, FAILING, 5, STORE_FAILED);
            assertPausedFor(wait);
        }

        assigned.taken(FAILING);
        assigned.backOff(consumer, FAILING, 6, STORE_FAILED);

        assertPausedFor(Duration.ofMillis(500));
    }

    @Test
    void aRetryAfterNamedByTheFailureIsWaitedFor() {
        assigned.backOff(consumer, FAILING, 5, new Intake.RetryLater("busy", Optional.of(Duration.ofSeconds(7))));

        assertPausedFor(Duration.ofSeconds(7));
    }

    /** Paused until exactly {@code wait} has passed, then resumed; the other partition never paused. */
    private void assertPausedFor(Duration wait) {
        clock.advance(wait.minusMillis(1));
        assigned.resumeDue(consumer);
        assertThat(consumer.paused()).as("still waiting").containsExactly(FAILING);
        clock.advance(Duration.ofMillis(1));
        assigned.resumeDue(consumer);
        assertThat(consumer.paused()).as("resumed after " + wait).isEmpty();
    }
}
