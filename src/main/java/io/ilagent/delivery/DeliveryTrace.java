package io.ilagent.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What an outbox item became after it left the outbox delivered: when, after how many attempts, and what
 * ilert answered, so that the {@code queueId} an HTTP sender got back can still be looked up
 * ({@code ilagent queue show ID}). No payload is kept, and a row only for {@link #KEPT} and only for the last
 * {@link #MAX_ROWS} outbox ids: a busy agent would otherwise keep millions of rows (the hour's soak wrote 23,000).
 */
public final class DeliveryTrace {
    public static final Duration KEPT = Duration.ofDays(7);
    /** About 13 MB of rows; outbox ids only grow (AUTOINCREMENT), so the newest ids are the ones kept. */
    public static final long MAX_ROWS = 100_000;

    /** One delivered item. */
    public record Delivered(long id, ItemKind kind, String lane, String sourceRef, int attempts, String note,
            Instant createdAt, Instant deliveredAt) {}

    private final Database db;

    public DeliveryTrace(Database db) {
        this.db = db;
    }

    /**
     * In the caller's transaction: records {@code item} as delivered and forgets rows older than {@link #KEPT}
     * or more than {@link #MAX_ROWS} ids below it.
     */
    static void record(Connection c, OutboxItem item, String note, Instant now) throws SQLException {
        record(c, item, note, now, MAX_ROWS);
    }

    static void record(Connection c, OutboxItem item, String note, Instant now, long maxRows) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("""
                INSERT OR REPLACE INTO delivered (id, kind, lane, source_ref, attempts, note, created_at, delivered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ins.setLong(1, item.id());
            ins.setString(2, item.kind().name());
            ins.setString(3, item.lane());
            ins.setString(4, item.sourceRef());
            ins.setInt(5, item.attempts() + 1);
            ins.setString(6, note);
            ins.setLong(7, item.createdAt().toEpochMilli());
            ins.setLong(8, now.toEpochMilli());
            ins.executeUpdate();
        }
        // One statement on the delivery's hot path; SQLite answers each side of the OR from its own index.
        try (PreparedStatement d = c.prepareStatement("DELETE FROM delivered WHERE delivered_at < ? OR id <= ?")) {
            d.setLong(1, now.minus(KEPT).toEpochMilli());
            d.setLong(2, item.id() - maxRows);
            d.executeUpdate();
        }
    }

    public Optional<Delivered> find(long id) {
        return db.read("read the delivery trace", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT * FROM delivered WHERE id = ?")) {
                q.setLong(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? Optional.of(new Delivered(rs.getLong("id"), ItemKind.valueOf(rs.getString("kind")),
                            rs.getString("lane"), rs.getString("source_ref"), rs.getInt("attempts"), rs.getString("note"),
                            Instant.ofEpochMilli(rs.getLong("created_at")),
                            Instant.ofEpochMilli(rs.getLong("delivered_at")))) : Optional.empty();
                }
            }
        });
    }
}
