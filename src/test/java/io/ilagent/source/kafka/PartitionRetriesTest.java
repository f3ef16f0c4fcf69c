package io.ilagent.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The retry bookkeeping of paused partitions, without a broker. */
class PartitionRetriesTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void failuresCountPerRecordAndStartAgainForTheNextRecord() {
        PartitionRetries retries = new PartitionRetries();
        assertThat(retries.failed(P0, 5)).isEqualTo(1);
        assertThat(retries.failed(P0, 5)).isEqualTo(2);
        assertThat(retries.failed(P1, 5)).isEqualTo(1);
        assertThat(retries.failed(P0, 6)).isEqualTo(1);
        retries.done(P0);
        assertThat(retries.failed(P0, 6)).isEqualTo(1);
    }

    @Test
    void aPartitionResumesOnlyOnceItsTimeHasComeAndOnlyOnce() {
        PartitionRetries retries = new PartitionRetries();
        retries.failed(P0, 1);
        retries.pauseUntil(P0, T0.plusSeconds(2));
        retries.failed(P1, 1);
        retries.pauseUntil(P1, T0.plusSeconds(5));

        assertThat(retries.nextResume()).contains(T0.plusSeconds(2));
        assertThat(retries.dueAt(T0.plusSeconds(1))).isEmpty();
        assertThat(retries.dueAt(T0.plusSeconds(2))).containsExactly(P0);
        assertThat(retries.dueAt(T0.plusSeconds(3))).isEmpty();
        assertThat(retries.nextResume()).contains(T0.plusSeconds(5));
        assertThat(retries.failed(P0, 1)).as("the count survives the resume").isEqualTo(2);
    }

    @Test
    void revokedPartitionsAreForgotten() {
        PartitionRetries retries = new PartitionRetries();
        retries.failed(P0, 1);
        retries.pauseUntil(P0, T0);
        retries.forget(List.of(P0));
        assertThat(retries.nextResume()).isEqualTo(Optional.empty());
        assertThat(retries.dueAt(T0)).isEmpty();
    }

    @Test
    void aPartitionWhoseWorkerIsStillBusyIsNotResumedUntilItIsFinished() {
        PartitionRetries retries = new PartitionRetries();
        retries.failed(P0, 1);
        retries.pauseUntil(P0, T0);
        assertThat(retries.dueAt(T0, Set.of(P0))).isEmpty();
        assertThat(retries.dueAt(T0, Set.of())).containsExactly(P0);
    }

    @Test
    void aFailureRecordedAfterThePartitionWasForgottenLeavesNothingBehind() {
        PartitionRetries retries = new PartitionRetries();
        retries.forget(List.of(P0));
        retries.pauseUntil(P0, T0);
        assertThat(retries.nextResume()).isEmpty();
    }
}
