package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trace of delivered outbox items stays bounded in time and in rows, on a real SQLite file. */
class DeliveryTraceTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void onlyTheNewestIdsAreKeptOnceTheRowLimitIsReached() {
        try (Database db = Database.open(dir.resolve("agent.db3"), Clock.fixed(NOW, ZoneOffset.UTC))) {
            db.transaction("trace", c -> {
                for (long id = 1; id <= 10; id++) {
                    DeliveryTrace.record(c, item(id, NOW), "HTTP 202", NOW, 3);
                }
                return null;
            });
            DeliveryTrace trace = new DeliveryTrace(db);

            assertThat(LongStream.rangeClosed(1, 10).filter(id -> trace.find(id).isPresent()).boxed())
                    .containsExactly(8L, 9L, 10L);
        }
    }

    @Test
    void aTraceOlderThanSevenDaysIsForgottenByTheNextDelivery() {
        try (Database db = Database.open(dir.resolve("agent.db3"), Clock.fixed(NOW, ZoneOffset.UTC))) {
            Instant eightDaysAgo = NOW.minus(Duration.ofDays(8));
            db.transaction("trace", c -> {
                DeliveryTrace.record(c, item(1, eightDaysAgo), "HTTP 202", eightDaysAgo);
                DeliveryTrace.record(c, item(2, NOW), "HTTP 202", NOW);
                return null;
            });
            DeliveryTrace trace = new DeliveryTrace(db);

            assertThat(trace.find(1)).isEmpty();
            assertThat(trace.find(2)).map(DeliveryTrace.Delivered::note).contains("HTTP 202");
        }
    }

    private static OutboxItem item(long id, Instant at) {
        return new OutboxItem(id, ItemKind.EVENT, "event:k/a", false, "{}", "http", 0, at, Optional.empty(), at);
    }
}
