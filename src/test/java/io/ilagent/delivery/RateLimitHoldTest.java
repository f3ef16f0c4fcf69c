package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.ilert.ApiKey;
import io.ilagent.ilert.CallObserver;
import io.ilagent.ilert.Event;
import io.ilagent.ilert.EventChannel;
import io.ilagent.ilert.EventType;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.IlertEndpoints;
import io.ilagent.ilert.RateLimitGate;
import io.ilagent.ilert.RateLimitObserver;
import io.ilagent.sim.Failure;
import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.sim.ReceivedEvent;
import io.ilagent.sim.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbox items whose ilert rate limit is reached are held, not attempted: engine, real client and its gate
 * against the simulator, all on one clock the test moves.
 */
class RateLimitHoldTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_A = "il1keyA";
    private static final String KEY_B = "il1keyB";

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T10:00:05Z"));

    @org.junit.jupiter.api.extension.RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension(b -> b.clock(clock));

    private IlertClient client;
    private TestAgent agent;

    @BeforeEach
    void client() {
        URI base = URI.create(ilert.sim().baseUrl());
        client = new IlertClient(HttpClient.newHttpClient(),
                new IlertEndpoints(base, base, Duration.ofSeconds(2), Duration.ofSeconds(10)), Optional.<ApiKey>empty(),
                "ilagent/test", JSON, clock, CallObserver.NONE, new RateLimitGate(clock, () -> 0L, RateLimitObserver.NONE));
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        client.close();
    }

    private void start(int maxRetries, int maxInFlight) {
        agent = new TestAgent(dir.resolve("a.db3"), clock, 0.0, maxRetries, maxInFlight,
                Map.of(ItemKind.EVENT, new WorkCodec().handler(EventPayload.class, new EventDeliveryHandler(client))));
        agent.engine.start();
    }

    private long event(String integrationKey, String alertKey) throws Exception {
        Event event = new Event(integrationKey, EventType.ALERT, "s", null, alertKey, null, null, null, null);
        EventPayload payload = EventPayload.of(EventChannel.API, event);
        return agent.outbox.enqueue(WorkItem.ordered(ItemKind.EVENT, payload.lane(), JSON.writeValueAsString(payload), "test"));
    }

    private int attempts(long id) {
        return agent.outbox.find(id).orElseThrow().attempts();
    }

    private List<String> alertKeysOf(String integrationKey) {
        return ilert.sim().events().stream().filter(e -> integrationKey.equals(e.integrationKey()))
                .map(ReceivedEvent::alertKey).sorted().toList();
    }

    /** One event of {@code KEY_A} answered 429, so that the key's bucket is closed for 10 s. */
    private long rateLimitKeyA() throws Exception {
        ilert.sim().failNext(1, Failure.status(429).on("POST", "/api/events"));
        long first = event(KEY_A, "a0");
        await().atMost(Duration.ofSeconds(5)).until(() -> attempts(first) == 1);
        return first;
    }

    @Test
    void heldItemsKeepTheirAttemptCountAndAreDeliveredOnceTheKeyIsTakenAgain() throws Exception {
        start(1, 16);
        long first = rateLimitKeyA();
        List<Long> held = IntStream.rangeClosed(1, 4).mapToObj(i -> uncheckedEvent(KEY_A, "a" + i)).toList();

        await().atMost(Duration.ofSeconds(5)).until(() -> held.stream()
                .allMatch(id -> agent.outbox.find(id).orElseThrow().lastError().orElse("").contains("not sent")));
        assertThat(held).allSatisfy(id -> assertThat(attempts(id)).isZero());
        assertThat(ilert.sim().requestsTo("POST", "/api/events")).as("held items are not sent").hasSize(1);

        clock.advance(Duration.ofSeconds(10));
        agent.engine.wakeUp();

        await().atMost(Duration.ofSeconds(5)).until(() -> agent.outbox.pending(10).isEmpty());
        assertThat(alertKeysOf(KEY_A)).containsExactly("a0", "a1", "a2", "a3", "a4");
        assertThat(ilert.sim().requestsTo("POST", "/api/events")).hasSize(6);
        assertThat(agent.deadLetters.list(10)).as("max retries 1 and nobody ran out of them").isEmpty();
        assertThat(agent.outbox.find(first)).isEmpty();
    }

    @Test
    void aRateLimitedKeyWithMoreWaitingItemsThanWorkersDoesNotHoldUpAnotherKey() throws Exception {
        start(100, 2);
        rateLimitKeyA();
        IntStream.rangeClosed(1, 20).forEach(i -> uncheckedEvent(KEY_A, "a" + i));

        event(KEY_B, "b1");

        await().atMost(Duration.ofSeconds(5)).until(() -> alertKeysOf(KEY_B).equals(List.of("b1")));
        assertThat(alertKeysOf(KEY_A)).isEmpty();
    }

    private long uncheckedEvent(String integrationKey, String alertKey) {
        try {
            return event(integrationKey, alertKey);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
