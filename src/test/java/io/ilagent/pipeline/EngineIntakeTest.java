package io.ilagent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.config.EventMappingSettings;
import io.ilagent.config.FilterSettings;
import io.ilagent.config.PolicySettings;
import io.ilagent.config.TopicSettings;
import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.Settlement;
import io.ilagent.delivery.WorkCodec;
import io.ilagent.source.Intake;
import io.ilagent.source.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineIntakeTest {
    @TempDir
    Path dir;
    Database db;
    Outbox outbox;
    DeadLetters deadLetters;
    EngineIntake intake;

    @BeforeEach
    void open() {
        Clock clock = Clock.systemUTC();
        db = Database.open(dir.resolve("agent.db"), clock);
        outbox = new Outbox(db, clock, (item, newer) -> { });
        deadLetters = new DeadLetters(db, clock);
        TopicSettings topics = new TopicSettings(Optional.of("events"), Optional.of("hb"), Optional.of("policy"));
        intake = EngineIntake.buffered(new MessageClassifier(TopicRouter.mqtt(topics),
                new EventMapper(EventMappingSettings.NONE, new FilterSettings(Optional.of("site"), Optional.of("a"))),
                new PolicyMapper(PolicySettings.defaults(List.of("plant")), FilterSettings.NONE), new HeartbeatMapper()),
                outbox, new MessageDeadLetters(deadLetters, new WorkCodec()));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Message message(String topic, String payload) {
        return new Message("mqtt:" + topic + ":1", Message.Source.MQTT, topic, Optional.empty(),
                payload.getBytes(StandardCharsets.UTF_8), Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void aStorageFailureAsksTheSourceToHoldTheMessage() {
        db.close();

        Intake result = intake.accept(message("events", "{\"integrationKey\":\"k\",\"eventType\":\"ALERT\",\"summary\":\"s\",\"site\":\"a\"}"), Settlement.of(() -> { }));

        assertThat(result).isInstanceOf(Intake.RetryLater.class);
        assertThat(((Intake.RetryLater) result).reason()).startsWith("could not store the message");
    }

    @Test
    void aHeartbeatIsStoredOnItsLatestWinsLane() {
        assertThat(intake.accept(message("hb", "{\"integrationKey\":\"hb1\"}"), Settlement.of(() -> { }))).isInstanceOf(Intake.Done.class);

        assertThat(outbox.pending(10)).singleElement().satisfies(item -> {
            assertThat(item.kind()).isEqualTo(ItemKind.HEARTBEAT);
            assertThat(item.lane()).isEqualTo("heartbeat:hb1");
            assertThat(item.latestWins()).isTrue();
        });
    }

    @Test
    void aFilteredMessageIsDoneWithoutStoringAnything() {
        Intake result = intake.accept(message("events", "{\"integrationKey\":\"k\",\"eventType\":\"ALERT\",\"site\":\"b\"}"), Settlement.of(() -> { }));

        assertThat(result).isInstanceOf(Intake.Done.class);
        assertThat(outbox.pending(10)).isEmpty();
        assertThat(deadLetters.list(10)).isEmpty();
    }

    @Test
    void anUnmappableMessageIsADeadLetterKeptAsRawMessage() {
        Intake result = intake.accept(message("policy", "{\"plant\":\"pp\",\"data\":{\"shift\":1}}"), Settlement.of(() -> { }));

        assertThat(result).isInstanceOf(Intake.Done.class);
        assertThat(outbox.pending(10)).isEmpty();
        assertThat(deadLetters.list(10)).singleElement().satisfies(letter -> {
            assertThat(letter.kind()).isEqualTo(ItemKind.RAW_MESSAGE);
            assertThat(letter.stage()).isEqualTo(MessageClassifier.MAP_POLICY);
            assertThat(letter.reason()).startsWith("no email");
            assertThat(letter.payload()).contains("\"topic\":\"policy\"");
        });
    }

    @Test
    void aMessageOnNoConfiguredTopicIsDone() {
        assertThat(intake.accept(message("elsewhere", "not even json"), Settlement.of(() -> { }))).isInstanceOf(Intake.Done.class);
        assertThat(deadLetters.list(10)).isEmpty();
    }
}
