package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetryStateTest {

    private static final Instant T0 = Instant.parse("2026-05-02T09:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    private int attemptsOf(TestAgent agent, long id) {
        return agent.outbox.find(id).map(OutboxItem::attempts).orElse(-1);
    }

    @Test
    void retryStateSurvivesReopeningTheStore() throws Exception {
        DeliveryHandler unavailable = item -> new DeliveryResult.RetryLater("HTTP 503", Optional.empty());
        Path file = dir.resolve("a.db3");
        long id;
        try (TestAgent agent = TestAgent.started(file, clock, 0.5, 100, Map.of(ItemKind.EVENT, unavailable))) {
            id = agent.event("event:k/a", "{}");
            await().atMost(Duration.ofSeconds(5)).until(() -> attemptsOf(agent, id) == 1);
        }

        try (TestAgent reopened = new TestAgent(file, clock, 0.5, 100, 16, Map.of())) {
            OutboxItem item = reopened.outbox.find(id).orElseThrow();
            assertThat(item.attempts()).isEqualTo(1);
            assertThat(item.nextAttemptAt()).isEqualTo(T0.plusMillis(500));
            assertThat(item.lastError()).contains("HTTP 503");
        }
    }

    @Test
    void retriesFollowTheBackoffScheduleExactly() throws Exception {
        DeliveryHandler unavailable = item -> new DeliveryResult.RetryLater("HTTP 503", Optional.empty());
        try (TestAgent agent = TestAgent.started(dir.resolve("a.db3"), clock, 0.5, 100,
                Map.of(ItemKind.EVENT, unavailable))) {
            long id = agent.event("event:k/a", "{}");
            Instant expected = T0;
            for (int attempt = 1; attempt <= 4; attempt++) {
                int n = attempt;
                await().atMost(Duration.ofSeconds(5)).until(() -> attemptsOf(agent, id) == n);
                expected = expected.plus(Backoff.BASE.multipliedBy(1L << (attempt - 1)).dividedBy(2));
                assertThat(agent.outbox.find(id).orElseThrow().nextAttemptAt()).isEqualTo(expected);
                clock.advance(Duration.between(clock.instant(), expected));
                agent.engine.wakeUp();
            }
        }
    }

    @Test
    void itemIsNotAttemptedBeforeItsNextAttemptTime() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        DeliveryHandler limited = item -> {
            calls.incrementAndGet();
            return new DeliveryResult.RetryLater("HTTP 429", Optional.of(Duration.ofSeconds(42)));
        };
        try (TestAgent agent = TestAgent.started(dir.resolve("a.db3"), clock, 0.5, 100,
                Map.of(ItemKind.EVENT, limited))) {
            long id = agent.event("event:k/a", "{}");
            await().atMost(Duration.ofSeconds(5)).until(() -> attemptsOf(agent, id) == 1);
            assertThat(agent.outbox.find(id).orElseThrow().nextAttemptAt()).isEqualTo(T0.plusSeconds(42));

            clock.advance(Duration.ofSeconds(41));
            agent.engine.wakeUp();
            agent.event("event:k/other", "{}"); // a delivery round that must leave item id alone
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 2);
            assertThat(attemptsOf(agent, id)).isEqualTo(1);

            clock.advance(Duration.ofSeconds(1));
            agent.engine.wakeUp();
            await().atMost(Duration.ofSeconds(5)).until(() -> attemptsOf(agent, id) == 2);
        }
    }

    @Test
    void retryAfterAboveTheCapWaitsFiveMinutes() throws Exception {
        DeliveryHandler limited = item -> new DeliveryResult.RetryLater("HTTP 429", Optional.of(Duration.ofHours(2)));
        try (TestAgent agent = TestAgent.started(dir.resolve("a.db3"), clock, 0.5, 100,
                Map.of(ItemKind.EVENT, limited))) {
            long id = agent.event("event:k/a", "{}");
            await().atMost(Duration.ofSeconds(5)).until(() -> attemptsOf(agent, id) == 1);

            assertThat(agent.outbox.find(id).orElseThrow().nextAttemptAt()).isEqualTo(T0.plusSeconds(300));
        }
    }

    @Test
    void handlerThatThrowsCountsAsRetryWithItsExceptionAndKeepsTheItem() throws Exception {
        DeliveryHandler broken = item -> {
            throw new IllegalStateException("mapper bug");
        };
        try (TestAgent agent = TestAgent.started(dir.resolve("a.db3"), clock, 0.5, 100,
                Map.of(ItemKind.EVENT, broken))) {
            long id = agent.event("event:k/a", "{}");
            await().atMost(Duration.ofSeconds(5)).until(() -> attemptsOf(agent, id) == 1);

            assertThat(agent.outbox.find(id).orElseThrow().lastError())
                    .contains("unexpected error in the EVENT handler: mapper bug");
        }
    }

    @Test
    void itemsOfAKindWithoutHandlerStayQueued() throws Exception {
        AtomicInteger events = new AtomicInteger();
        DeliveryHandler eventsOnly = item -> {
            events.incrementAndGet();
            return new DeliveryResult.Delivered("ok");
        };
        try (TestAgent agent = TestAgent.started(dir.resolve("a.db3"), clock, 0.5, 100,
                Map.of(ItemKind.EVENT, eventsOnly))) {
            long beat = agent.outbox.enqueue(WorkItem.ordered(ItemKind.HEARTBEAT, "beat:x", "{}", "test"));
            agent.event("event:k/a", "{}");
            await().atMost(Duration.ofSeconds(5)).until(() -> events.get() == 1);

            assertThat(agent.outbox.find(beat)).hasValueSatisfying(i -> assertThat(i.attempts()).isZero());
        }
    }
}
