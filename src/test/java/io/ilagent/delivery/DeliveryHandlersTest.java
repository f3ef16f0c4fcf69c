package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.ilert.ApiKey;
import io.ilagent.ilert.Event;
import io.ilagent.ilert.EventChannel;
import io.ilagent.ilert.EventType;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.IlertEndpoints;
import io.ilagent.sim.IlertSimulatorExtension;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The EVENT and HEARTBEAT handlers against the simulator: one attempt each, and what it came to. */
class DeliveryHandlersTest {

    private static final WorkCodec CODEC = new WorkCodec();

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    private IlertClient client;

    @BeforeEach
    void client() {
        URI base = URI.create(ilert.sim().baseUrl());
        client = IlertClient.create(new IlertEndpoints(base, base, Duration.ofSeconds(2), Duration.ofSeconds(5)),
                Optional.<ApiKey>empty(), "ilagent/test");
    }

    private static OutboxItem item(ItemKind kind, String payload) {
        return new OutboxItem(1, kind, "lane", false, payload, "test", 0, Instant.EPOCH, Optional.empty(), Instant.EPOCH);
    }

    private static String eventPayload(EventChannel channel) throws Exception {
        Event event = new Event("il1key", EventType.ALERT, "s", null, "a", null, null, null, null);
        return CODEC.encode(EventPayload.of(channel, event));
    }

    @Nested
    class Events {

        private DeliveryResult deliver(String payload) {
            return CODEC.handler(EventPayload.class, new EventDeliveryHandler(client)).deliver(item(ItemKind.EVENT, payload));
        }

        @Test
        void acceptedEventIsDelivered() throws Exception {
            assertThat(deliver(eventPayload(EventChannel.API))).isEqualTo(new DeliveryResult.Delivered("HTTP 202"));
            assertThat(ilert.sim().events()).singleElement().satisfies(e -> {
                assertThat(e.path()).isEqualTo("/api/events");
                assertThat(e.alertKey()).isEqualTo("a");
            });
        }

        @Test
        void eventGoesToItsChannelsEndpoint() throws Exception {
            deliver(eventPayload(EventChannel.MQTT));
            assertThat(ilert.sim().events()).singleElement()
                    .satisfies(e -> assertThat(e.path()).isEqualTo("/api/v1/events/mqtt/il1key"));
        }

        @Test
        void serverErrorIsRetriedLater() throws Exception {
            ilert.sim().failNext(1, 503);
            assertThat(deliver(eventPayload(EventChannel.API))).isInstanceOf(DeliveryResult.RetryLater.class);
        }

        @Test
        void clientErrorIsRejectedAtDeliver() throws Exception {
            ilert.sim().failNext(1, 400);
            assertThat(deliver(eventPayload(EventChannel.API))).isInstanceOfSatisfying(DeliveryResult.Rejected.class,
                    r -> assertThat(r.stage()).isEqualTo(DeliveryResult.DELIVER));
        }

        @Test
        void unreadablePayloadIsRejectedWithoutCallingIlert() {
            assertThat(deliver("{\"channel\":\"NOPE\"}")).isInstanceOfSatisfying(DeliveryResult.Rejected.class,
                    r -> assertThat(r.stage()).isEqualTo(WorkCodec.DECODE));
            assertThat(ilert.sim().requests()).isEmpty();
        }
    }

    @Nested
    class Heartbeats {

        private DeliveryResult deliver(String payload) {
            return CODEC.handler(HeartbeatPayload.class, new HeartbeatDeliveryHandler(client)).deliver(item(ItemKind.HEARTBEAT, payload));
        }

        @Test
        void pingIsDelivered() throws Exception {
            String payload = CODEC.encode(new HeartbeatPayload("hb-1"));
            assertThat(deliver(payload)).isInstanceOf(DeliveryResult.Delivered.class);
            assertThat(ilert.sim().pings()).singleElement().satisfies(p -> assertThat(p.key()).isEqualTo("hb-1"));
        }

        @Test
        void failedPingIsRetriedLater() throws Exception {
            ilert.sim().failNext(1, 502);
            assertThat(deliver(CODEC.encode(new HeartbeatPayload("hb-1"))))
                    .isInstanceOf(DeliveryResult.RetryLater.class);
        }

        @Test
        void payloadWithoutKeyIsRejected() {
            assertThat(deliver("{\"integrationKey\":\"\"}")).isInstanceOfSatisfying(DeliveryResult.Rejected.class,
                    r -> assertThat(r.stage()).isEqualTo(WorkCodec.DECODE));
            assertThat(ilert.sim().requests()).isEmpty();
        }

        @Test
        void laneIsPerKey() {
            assertThat(new HeartbeatPayload("hb-1").lane()).isEqualTo("heartbeat:hb-1");
        }
    }
}
