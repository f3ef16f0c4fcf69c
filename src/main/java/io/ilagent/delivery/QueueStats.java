package io.ilagent.delivery;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How full the store is: waiting items, the oldest one's creation time, and dead letters. Read for
 * gauges on every metrics scrape, so the answer is kept for {@code maxAge} and two scrapes in a row
 * cost one query; the queries use the primary keys only and take the store lock briefly.
 */
public final class QueueStats {

    /** @param oldestCreatedAt creation time of the oldest waiting item; empty when none waits */
    public record Snapshot(long pending, Optional<Instant> oldestCreatedAt, long deadLetters) {}

    private final Database db;
    private final Clock clock;
    private final Duration maxAge;
    private Snapshot last = new Snapshot(0, Optional.empty(), 0);
    private Instant readAt = Instant.MIN;

    public QueueStats(Database db, Clock clock, Duration maxAge) {
        this.db = db;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** The cached snapshot, re-read when older than {@code maxAge}; the last good one if the store fails. */
    public synchronized Snapshot snapshot() {
        Instant now = clock.instant();
        if (readAt.plus(maxAge).isAfter(now)) {
            return last;
        }
        try {
            last = db.read("read queue statistics", c -> {
                try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*), "
                        + "(SELECT created_at FROM outbox ORDER BY id LIMIT 1), " // ids grow with time; no scan
                        + "(SELECT COUNT(*) FROM dead_letters) FROM outbox");
                     ResultSet rs = q.executeQuery()) {
                    rs.next();
                    long oldest = rs.getLong(2);
                    Optional<Instant> created = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(oldest));
                    return new Snapshot(rs.getLong(1), created, rs.getLong(3));
                }
            });
            readAt = now;
        } catch (StoreException e) {
            // A gauge must not fail a scrape (e.g. during shutdown, after the store closed).
        }
        return last;
    }

    /** Seconds the oldest waiting item has waited, 0 when none waits. */
    public double oldestAgeSeconds() {
        return snapshot().oldestCreatedAt()
                .map(t -> Math.max(0, Duration.between(t, clock.instant()).toMillis()) / 1000.0)
                .orElse(0.0);
    }
}
