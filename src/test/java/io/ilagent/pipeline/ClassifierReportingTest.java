package io.ilagent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.config.EventMappingSettings;
import io.ilagent.config.FilterSettings;
import io.ilagent.config.PolicySettings;
import io.ilagent.config.TopicSettings;
import io.ilagent.source.IntakeObserver;
import io.ilagent.source.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each message counts once in the intake metrics, however often it is classified again for a retry. */
class ClassifierReportingTest {
    private final AtomicInteger received = new AtomicInteger();
    private final MessageClassifier classifier = new MessageClassifier(
            TopicRouter.kafka(new TopicSettings(Optional.of("events"), Optional.empty(), Optional.empty())),
            new EventMapper(EventMappingSettings.NONE, FilterSettings.NONE),
            new PolicyMapper(PolicySettings.defaults(List.of("plant")), FilterSettings.NONE), new HeartbeatMapper(),
            new IntakeObserver() {
                @Override public void received(Message.Source source) {
                    received.incrementAndGet();
                }

                @Override public void classified(Message.Source source, String kind, Result result) {
                }
            });

    private static Message record(int partition, long offset) {
        return new Message("kafka:events/" + partition + "/" + offset, Message.Source.KAFKA, "events", Optional.empty(),
                "{\"integrationKey\":\"k\",\"eventType\":\"ALERT\",\"summary\":\"s\"}".getBytes(StandardCharsets.UTF_8),
                Instant.EPOCH);
    }

    @Test
    void aRetriedKafkaRecordCountsOnceWhileOtherPartitionsInterleave() {
        classifier.classify(record(0, 5));
        classifier.classify(record(1, 9));
        classifier.classify(record(0, 5)); // partition 0 retries its record
        classifier.classify(record(1, 10));
        classifier.classify(record(0, 5));

        assertThat(received).hasValue(3);
    }

    @Test
    void theNextRecordOfAPartitionCountsAgain() {
        classifier.classify(record(0, 5));
        classifier.classify(record(0, 6));

        assertThat(received).hasValue(2);
    }
}
