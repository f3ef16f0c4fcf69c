package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.ilert.Event;
import io.ilagent.ilert.EventChannel;
import io.ilagent.ilert.EventType;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one codec between the sealed work types and the text both stores keep. */
class WorkCodecTest {
    private final WorkCodec codec = new WorkCodec();

    private static final EventPayload EVENT = EventPayload.of(EventChannel.MQTT,
            new Event("il1key", EventType.ALERT, "pump 3 down", null, "pump-3", null, null, null, null));
    private static final PolicyUpdatePayload POLICY = new PolicyUpdatePayload("plant", "a@example.com", 2, "m-1",
            "2026-12-02T10:00:00Z", "2026-12-02T09:59:58Z");
    private static final HeartbeatPayload HEARTBEAT = new HeartbeatPayload("hb-1");
    private static final RawMessage RAW = new RawMessage("orders", "{\"a\":1}", RawMessage.KAFKA, "k-1");

    private static final List<Work> EVERY_KIND = List.of(EVENT, POLICY, HEARTBEAT, RAW);

    private static OutboxItem stored(WorkItem item) {
        return new OutboxItem(1, item.kind(), item.lane(), item.latestWins(), item.payload(), item.sourceRef(), 0,
                Instant.EPOCH, Optional.empty(), Instant.EPOCH);
    }

    @Test
    void everyKindOfWorkReadsBackAsItWasWritten() throws Exception {
        for (Work work : EVERY_KIND) {
            assertThat(codec.decode(stored(codec.item(work, "test")), work.getClass())).isEqualTo(work);
        }
    }

    @Test
    void anItemTakesItsKindLaneAndLatestWinsFromItsWork() {
        assertThat(EVERY_KIND).extracting(w -> codec.item(w, "test"))
                .extracting(WorkItem::kind, WorkItem::lane, WorkItem::latestWins)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ItemKind.EVENT, "event:il1key/pump-3", false),
                        org.assertj.core.groups.Tuple.tuple(ItemKind.POLICY_UPDATE, "policy:plant#2", true),
                        org.assertj.core.groups.Tuple.tuple(ItemKind.HEARTBEAT, "heartbeat:hb-1", true),
                        org.assertj.core.groups.Tuple.tuple(ItemKind.RAW_MESSAGE, "kafka:orders", false));
    }

    @Test
    void everyKindNamesTheWorkTypeItCarries() {
        for (ItemKind kind : ItemKind.values()) {
            assertThat(ItemKind.of(kind.type())).isEqualTo(kind);
        }
        for (Work work : EVERY_KIND) {
            assertThat(work.kind().type()).isEqualTo(work.getClass());
        }
    }

    @Test
    void theStoredTextHoldsOnlyTheWorksFieldsSoRowsOfEarlierVersionsReadTheSame() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(fieldNames(json, codec.encode(POLICY)))
                .containsExactly("routingKey", "email", "level", "messageId", "receivedAt", "sourceTime");
        assertThat(fieldNames(json, codec.encode(HEARTBEAT))).containsExactly("integrationKey");
        assertThat(fieldNames(json, codec.encode(EVENT))).containsExactly("channel", "routeKey", "event");
        // A policy update as an earlier version stored it: no source time, and read back all the same.
        String earlier = "{\"routingKey\":\"plant\",\"email\":\"a@example.com\",\"level\":2,\"messageId\":\"m-1\","
                + "\"receivedAt\":\"2026-12-02T10:00:00Z\"}";
        OutboxItem row = new OutboxItem(1, ItemKind.POLICY_UPDATE, "policy:plant#2", true, earlier, "mqtt", 0,
                Instant.EPOCH, Optional.empty(), Instant.EPOCH);
        assertThat(codec.decode(row, PolicyUpdatePayload.class))
                .isEqualTo(new PolicyUpdatePayload("plant", "a@example.com", 2, "m-1", "2026-12-02T10:00:00Z"));
    }

    @Test
    void anItemOfOneKindIsNeverReadAsAnother() {
        OutboxItem ping = stored(codec.item(HEARTBEAT, "test"));

        assertThatThrownBy(() -> codec.decode(ping, EventPayload.class))
                .isInstanceOf(WorkCodec.UnreadableWork.class).hasMessageContaining("HEARTBEAT");
    }

    @Test
    void unreadableTextIsRejectedAtDecodeWithoutReachingTheHandler() {
        AtomicInteger called = new AtomicInteger();
        DeliveryHandler handler = codec.handler(PolicyUpdatePayload.class, (work, item) -> {
            called.incrementAndGet();
            return new DeliveryResult.Delivered("sent");
        });

        for (String text : List.of("{\"routingKey\":\"plant\"}", "null", "not json")) {
            OutboxItem row = new OutboxItem(1, ItemKind.POLICY_UPDATE, "policy:plant#2", true, text, "mqtt", 0,
                    Instant.EPOCH, Optional.empty(), Instant.EPOCH);
            assertThat(handler.deliver(row)).isInstanceOfSatisfying(DeliveryResult.Rejected.class, r -> {
                assertThat(r.stage()).isEqualTo(WorkCodec.DECODE);
                assertThat(r.reason()).startsWith("stored policy update is");
            });
        }
        assertThat(called).hasValue(0);
    }

    @Test
    void aReadableItemReachesItsHandlerAsItsWork() {
        DeliveryHandler handler = codec.handler(HeartbeatPayload.class,
                (work, item) -> new DeliveryResult.Delivered(work.integrationKey() + " from " + item.sourceRef()));

        assertThat(handler.deliver(stored(codec.item(HEARTBEAT, "mqtt topic hb"))))
                .isEqualTo(new DeliveryResult.Delivered("hb-1 from mqtt topic hb"));
    }

    private static List<String> fieldNames(ObjectMapper json, String text) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        for (Iterator<String> it = json.readTree(text).fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
