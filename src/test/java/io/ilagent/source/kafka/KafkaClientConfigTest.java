package io.ilagent.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.config.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which consumer and producer properties the agent uses, and which the user may change. */
class KafkaClientConfigTest {
    private static KafkaSettings settings(String... properties) {
        return new KafkaSettings("b:9092", "g", List.of(properties), Optional.empty(), Optional.of("dlq"), 100);
    }

    @Test
    void aNewGroupStartsAtTheEarliestOffsetUnlessTheUserSaysOtherwise() {
        assertThat(KafkaClientConfig.consumer(settings())).containsEntry("auto.offset.reset", "earliest");
        assertThat(KafkaClientConfig.consumer(settings("auto.offset.reset=latest")))
                .containsEntry("auto.offset.reset", "latest");
    }

    @Test
    void noClientMetricsArePushedToTheBrokersUnlessTheUserAsksForIt() {
        assertThat(KafkaClientConfig.consumer(settings())).containsEntry("enable.metrics.push", "false");
        assertThat(KafkaClientConfig.consumer(settings("enable.metrics.push=true")))
                .containsEntry("enable.metrics.push", "true");
    }

    @Test
    void aRevocationWaitsTheShutdownTimeoutButAtMostHalfTheGroupsMaxPollInterval() {
        Duration shutdown = Duration.ofSeconds(30);
        assertThat(KafkaSource.revokeWait(shutdown, KafkaClientConfig.maxPollInterval(KafkaClientConfig.consumer(settings()))))
                .as("Kafka's 5 minutes").isEqualTo(shutdown);
        assertThat(KafkaSource.revokeWait(shutdown, KafkaClientConfig.maxPollInterval(
                KafkaClientConfig.consumer(settings("max.poll.interval.ms=20000"))))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theSilenceAllowedBeforeNotReadyIsTheSessionTimeoutTheUserMaySet() {
        assertThat(KafkaClientConfig.sessionTimeout(KafkaClientConfig.consumer(settings()))).isEqualTo(Duration.ofSeconds(6));
        assertThat(KafkaClientConfig.sessionTimeout(KafkaClientConfig.consumer(settings("session.timeout.ms=10000"))))
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void commitsStayManualWhateverTheUserSets() {
        assertThat(KafkaClientConfig.consumer(settings("enable.auto.commit=true", "group.id=other")))
                .containsEntry("enable.auto.commit", "false").containsEntry("group.id", "g")
                .containsEntry("bootstrap.servers", "b:9092");
    }

    @Test
    void theDeadLetterProducerGetsTheSecuritySettingsButNoConsumerOnes() {
        assertThat(KafkaClientConfig.producer(settings("security.protocol=SASL_SSL", "sasl.jaas.config=x",
                "auto.offset.reset=latest")))
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.jaas.config", "x")
                .doesNotContainKey("auto.offset.reset").containsEntry("acks", "all");
    }
}
