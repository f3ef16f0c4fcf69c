package io.ilagent.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.sim.Failure;
import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.sim.ReceivedEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** While ilert cannot take a record, its partition waits in process; the consumer stays up and loses nothing. */
class KafkaOutageTest {
    private static final String DOWN = "/api/v1/events/kafka/il1down";
    @RegisterExtension
    static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();
    @TempDir
    Path dir;

    private static String event(String key, String summary) {
        return """
                {"integrationKey":"%s","eventType":"ALERT","summary":"%s"}""".formatted(key, summary);
    }

    @Test
    void ilertDownForAWhileLosesNothingWhileOtherPartitionsKeepFlowing() throws Exception {
        KafkaAgent.Topics topics = kafka.topics("outage", 2);
        ilert.sim().failNext(10_000, Failure.status(503).on("POST", DOWN));
        try (KafkaAgent agent = KafkaAgent.direct(dir, kafka.broker(), "outage-group", topics, ilert.sim())) {
            await().atMost(Duration.ofSeconds(20)).until(agent::ready);
            for (int i = 0; i < 3; i++) {
                kafka.broker().send(topics.events(), 0, "down", event("il1down", "d" + i));
                kafka.broker().send(topics.events(), 1, "up", event("il1up", "u" + i));
            }

            await().atMost(Duration.ofSeconds(15)).until(() -> ilert.sim().events().size() == 3);
            assertThat(summaries()).containsExactly("u0", "u1", "u2");
            await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().requestsTo("POST", DOWN).size() >= 3);
            assertThat(agent.ready()).as("the consumer stays in its group").isTrue();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> kafka.broker().committed("outage-group", topics.events()).equals(Map.of(1, 3L)));

            ilert.sim().reset();

            await().atMost(Duration.ofSeconds(15)).until(() -> ilert.sim().events().size() == 3);
            assertThat(summaries()).containsExactly("d0", "d1", "d2");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> kafka.broker().committed("outage-group", topics.events()).equals(Map.of(0, 3L, 1, 3L)));
            assertThat(agent.deadLetters()).isEmpty();
        }
    }

    @Test
    void aRetryAfterFromIlertIsHonouredBeforeTheRecordIsTriedAgain() throws Exception {
        KafkaAgent.Topics topics = kafka.topics("retry-after", 1);
        ilert.sim().failNext(1, Failure.status(429).on("POST", DOWN).retryAfter("2"));
        try (KafkaAgent agent = KafkaAgent.direct(dir, kafka.broker(), "retry-after-group", topics, ilert.sim())) {
            await().atMost(Duration.ofSeconds(20)).until(agent::ready);

            kafka.broker().send(topics.events(), 0, "k", event("il1down", "later"));

            await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().requestsTo("POST", DOWN).size() == 1);
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(2))
                    .until(() -> ilert.sim().requestsTo("POST", DOWN).size() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> ilert.sim().events().size() == 1);
        }
    }

    @Test
    void aRecordOfARateLimitedKeyIsHeldUnsentWhileOtherKeysPartitionsKeepFlowing() throws Exception {
        KafkaAgent.Topics topics = kafka.topics("held", 3);
        ilert.sim().failNext(1, Failure.status(429).on("POST", DOWN).retryAfter("5"));
        try (KafkaAgent agent = KafkaAgent.direct(dir, kafka.broker(), "held-group", topics, ilert.sim())) {
            await().atMost(Duration.ofSeconds(20)).until(agent::ready);
            kafka.broker().send(topics.events(), 0, "down", event("il1down", "d0"));
            await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().requestsTo("POST", DOWN).size() == 1);

            kafka.broker().send(topics.events(), 1, "down", event("il1down", "d1"));
            kafka.broker().send(topics.events(), 2, "up", event("il1up", "u0"));

            await().atMost(Duration.ofSeconds(4)).until(() -> summaries().contains("u0"));
            assertThat(ilert.sim().requestsTo("POST", DOWN)).as("d1 is held, not sent").hasSize(1);
            await().atMost(Duration.ofSeconds(15)).until(() -> summaries().containsAll(List.of("d0", "d1")));
            assertThat(ilert.sim().requestsTo("POST", DOWN)).extracting(r -> r.status()).containsExactly(429, 202, 202);
            assertThat(agent.deadLetters()).isEmpty();
        }
    }

    private List<String> summaries() {
        return ilert.sim().events().stream().map(ReceivedEvent::body).map(b -> b.path("summary").asText()).toList();
    }
}
