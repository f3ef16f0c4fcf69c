package io.ilagent.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Items that will not be retried by themselves, kept with why, where and how often they failed. */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final Database db;
    private final Clock clock;

    public DeadLetters(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Moves outbox row {@code id} here, in the caller's transaction; false when the row is gone. */
    static boolean bury(Connection c, long id, int attempts, String reason, String stage, Instant now)
            throws SQLException {
        int moved;
        try (PreparedStatement ins = c.prepareStatement("""
                INSERT INTO dead_letters (id, kind, lane, latest_wins, payload, source_ref, attempts, reason, stage,
                                          last_error, created_at, dead_at)
                SELECT id, kind, lane, latest_wins, payload, source_ref, ?, ?, ?, last_error, created_at, ?
                FROM outbox WHERE id = ?""")) {
            ins.setInt(1, attempts);
            ins.setString(2, reason);
            ins.setString(3, stage);
            ins.setLong(4, now.toEpochMilli());
            ins.setLong(5, id);
            moved = ins.executeUpdate();
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
            d.setLong(1, id);
            d.executeUpdate();
        }
        return moved == 1;
    }

    /**
     * Stores {@code item} straight as a dead letter, for input rejected before it ever reached the
     * outbox (unreadable, unmappable or too large). It goes through the outbox table in the same
     * transaction so that its id cannot clash with an outbox item's; returns that id.
     */
    public long reject(WorkItem item, String reason, String stage) {
        long id = db.transaction("store dead letter", c -> {
            Instant now = clock.instant();
            long newId = Outbox.insert(c, item, now);
            bury(c, newId, 0, reason, stage, now);
            return newId;
        });
        log.warn("Dead letter {} ({} from {}): {}: {}", id, item.kind(), item.sourceRef(), stage, reason);
        return id;
    }

    /** Dead letters, oldest first. */
    public List<DeadLetter> list(int limit) {
        return db.read("list dead letters", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT * FROM dead_letters ORDER BY id LIMIT ?")) {
                q.setInt(1, limit);
                return readAll(q);
            }
        });
    }

    public Optional<DeadLetter> find(long id) {
        return db.read("read dead letter", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT * FROM dead_letters WHERE id = ?")) {
                q.setLong(1, id);
                return readAll(q).stream().findFirst();
            }
        });
    }

    /**
     * Puts dead letter {@code id} back into the outbox as a new item at the end of its lane, due now
     * with no attempts counted; returns the new item id, empty when there is no such dead letter.
     */
    public Optional<Long> requeue(long id) {
        Optional<Long> newId = db.transaction("requeue dead letter", c -> requeueIn(c, id));
        newId.ifPresent(n -> log.info("Dead letter {} requeued as item {}", id, n));
        return newId;
    }

    /** Requeues every dead letter, oldest first; returns how many. */
    public int requeueAll() {
        return db.transaction("requeue all dead letters", c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT id FROM dead_letters ORDER BY id");
                 ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            for (long id : ids) {
                requeueIn(c, id).ifPresent(n -> log.info("Dead letter {} requeued as item {}", id, n));
            }
            return ids.size();
        });
    }

    private Optional<Long> requeueIn(Connection c, long id) throws SQLException {
        Optional<DeadLetter> dead;
        try (PreparedStatement q = c.prepareStatement("SELECT * FROM dead_letters WHERE id = ?")) {
            q.setLong(1, id);
            dead = readAll(q).stream().findFirst();
        }
        if (dead.isEmpty()) {
            return Optional.empty();
        }
        DeadLetter d = dead.get();
        long newId = Outbox.insert(c, new WorkItem(d.kind(), d.lane(), d.latestWins(), d.payload(), d.sourceRef()),
                clock.instant());
        try (PreparedStatement del = c.prepareStatement("DELETE FROM dead_letters WHERE id = ?")) {
            del.setLong(1, id);
            del.executeUpdate();
        }
        return Optional.of(newId);
    }

    /** Deletes every dead letter; returns how many. */
    public int purge() {
        return db.transaction("purge dead letters", c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM dead_letters")) {
                return d.executeUpdate();
            }
        });
    }

    /** Deletes the dead letters that became one before {@code cutoff} (retention); returns how many. */
    public int pruneBefore(Instant cutoff) {
        return db.transaction("prune dead letters", c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM dead_letters WHERE dead_at < ?")) {
                d.setLong(1, cutoff.toEpochMilli());
                return d.executeUpdate();
            }
        });
    }

    private static List<DeadLetter> readAll(PreparedStatement q) throws SQLException {
        List<DeadLetter> letters = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                letters.add(new DeadLetter(rs.getLong("id"), ItemKind.valueOf(rs.getString("kind")),
                        rs.getString("lane"), rs.getInt("latest_wins") == 1, rs.getString("payload"),
                        rs.getString("source_ref"), rs.getInt("attempts"), rs.getString("reason"),
                        rs.getString("stage"), Optional.ofNullable(rs.getString("last_error")),
                        Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("dead_at"))));
            }
        }
        return letters;
    }
}
