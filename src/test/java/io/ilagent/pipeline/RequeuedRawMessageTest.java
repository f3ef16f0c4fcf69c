package io.ilagent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.config.EventMappingSettings;
import io.ilagent.config.FilterSettings;
import io.ilagent.config.PolicySettings;
import io.ilagent.config.TopicSettings;
import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.DeliveryHandler;
import io.ilagent.delivery.DeliveryResult;
import io.ilagent.delivery.EventPayload;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.OutboxItem;
import io.ilagent.delivery.RawMessage;
import io.ilagent.delivery.WorkCodec;
import io.ilagent.ilert.EventChannel;
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

/** A raw message set aside before mapping is, once requeued, mapped again as the source it came from. */
class RequeuedRawMessageTest {
    private static final String EVENT = "{\"integrationKey\":\"il1k\",\"eventType\":\"ALERT\",\"summary\":\"s\"}";
    private final ObjectMapper json = new ObjectMapper();
    private final WorkCodec codec = new WorkCodec();

    @TempDir
    Path dir;
    Database db;
    Outbox outbox;
    DeadLetters deadLetters;
    MessageDeadLetters letters;
    DeliveryHandler handler;

    @BeforeEach
    void open() {
        Clock clock = Clock.systemUTC();
        db = Database.open(dir.resolve("agent.db"), clock);
        outbox = new Outbox(db, clock, (item, newer) -> { });
        deadLetters = new DeadLetters(db, clock);
        letters = new MessageDeadLetters(deadLetters, codec);
        TopicSettings topics = new TopicSettings(Optional.of("events"), Optional.empty(), Optional.empty());
        handler = codec.handler(RawMessage.class,
                new RawMessageHandler(intake(TopicRouter.mqtt(topics)), intake(TopicRouter.kafka(topics))));
    }

    private EngineIntake intake(TopicRouter router) {
        return EngineIntake.buffered(new MessageClassifier(router, new EventMapper(EventMappingSettings.NONE, FilterSettings.NONE),
                new PolicyMapper(PolicySettings.defaults(List.of("plant")), FilterSettings.NONE), new HeartbeatMapper()),
                outbox, letters);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aRequeuedKafkaRecordGoesToTheKafkaEndpointWithItsKey() throws Exception {
        EventPayload event = requeueAndDeliver(new Message("kafka:events/0/7", Message.Source.KAFKA, "events",
                Optional.of("order-42"), EVENT.getBytes(StandardCharsets.UTF_8), Instant.parse("2026-01-02T03:04:05Z")));

        assertThat(event.channel()).isEqualTo(EventChannel.KAFKA);
        assertThat(event.event().customDetails().path("messageKey").asText()).isEqualTo("order-42");
    }

    @Test
    void aRequeuedMqttMessageStillGoesToTheMqttEndpoint() throws Exception {
        EventPayload event = requeueAndDeliver(new Message("mqtt:events:1", Message.Source.MQTT, "events",
                Optional.empty(), EVENT.getBytes(StandardCharsets.UTF_8), Instant.parse("2026-01-02T03:04:05Z")));

        assertThat(event.channel()).isEqualTo(EventChannel.MQTT);
        assertThat(event.event().customDetails() == null || !event.event().customDetails().has("messageKey")).isTrue();
    }

    @Test
    void aRowWrittenBeforeSourcesWereStoredIsReadAsMqtt() throws Exception {
        var stored = json.readValue("{\"topic\":\"events\",\"payload\":\"{}\"}", io.ilagent.delivery.RawMessage.class);

        assertThat(stored.fromKafka()).isFalse();
        assertThat(stored.lane()).isEqualTo("mqtt:events");
    }

    private EventPayload requeueAndDeliver(Message message) throws Exception {
        long deadLetter = letters.raw(message, "set aside for the test", "map");
        long requeued = deadLetters.requeue(deadLetter).orElseThrow();
        OutboxItem raw = outbox.find(requeued).orElseThrow();
        assertThat(raw.kind()).isEqualTo(ItemKind.RAW_MESSAGE);

        assertThat(handler.deliver(raw)).isInstanceOf(DeliveryResult.Delivered.class);

        OutboxItem mapped = outbox.pending(10).stream().filter(i -> i.kind() == ItemKind.EVENT).findFirst().orElseThrow();
        return json.readValue(mapped.payload(), EventPayload.class);
    }
}
