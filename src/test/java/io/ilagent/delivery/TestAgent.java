package io.ilagent.delivery;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A store, outbox and engine on a real SQLite file, as the daemon would wire them. */
final class TestAgent implements AutoCloseable {
    final Database db;
    final Outbox outbox;
    final DeadLetters deadLetters;
    final DeliveryEngine engine;
    final List<String> superseded = new CopyOnWriteArrayList<>(); // "old->new"

    TestAgent(Path file, Clock clock, double jitter, int maxRetries, int maxInFlight,
              Map<ItemKind, DeliveryHandler> handlers) {
        db = Database.open(file, clock);
        outbox = new Outbox(db, clock, (item, newer) -> superseded.add(item.id() + "->" + newer));
        deadLetters = new DeadLetters(db, clock);
        engine = new DeliveryEngine(outbox, handlers, new RetryPolicy(maxRetries, new Backoff(new FixedRandom(jitter))),
                clock, new DeliveryEngine.Settings(maxInFlight, Duration.ofMillis(200)));
    }

    static TestAgent started(Path file, Clock clock, double jitter, int maxRetries,
                             Map<ItemKind, DeliveryHandler> handlers) {
        TestAgent agent = new TestAgent(file, clock, jitter, maxRetries, 16, handlers);
        agent.engine.start();
        return agent;
    }

    long event(String lane, String payload) {
        return outbox.enqueue(WorkItem.ordered(ItemKind.EVENT, lane, payload, "test"));
    }

    long policy(String lane, String payload) {
        return outbox.enqueue(WorkItem.latestWins(ItemKind.POLICY_UPDATE, lane, payload, "test"));
    }

    @Override
    public void close() throws InterruptedException {
        engine.stop(Duration.ofSeconds(5));
        db.close();
    }
}
