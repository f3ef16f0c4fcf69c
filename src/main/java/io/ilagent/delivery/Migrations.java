package io.ilagent.delivery;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema changes, recorded in {@code schema_migrations}. Each one runs with its marker in a
 * single transaction, so a crash leaves either the old or the new schema (ilagent 0.9.0 could be left
 * half-migrated). ilagent's own tables and {@code mig_*} markers are never touched, so 0.9.0 still
 * opens the file after a downgrade.
 */
final class Migrations {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    private record Migration(int version, String description, List<String> statements) {}

    private static final List<Migration> ALL = List.of(
            new Migration(1, "outbox and dead letters", List.of("""
                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        kind TEXT NOT NULL,
                        lane TEXT NOT NULL,
                        latest_wins INTEGER NOT NULL,
                        payload TEXT NOT NULL,
                        source_ref TEXT NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER NOT NULL,
                        last_error TEXT,
                        created_at INTEGER NOT NULL)""",
                    "CREATE INDEX outbox_lane ON outbox (lane, id)",
                    "CREATE INDEX outbox_due ON outbox (next_attempt_at)",
                    """
                    CREATE TABLE dead_letters (
                        id INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL,
                        lane TEXT NOT NULL,
                        latest_wins INTEGER NOT NULL,
                        payload TEXT NOT NULL,
                        source_ref TEXT NOT NULL,
                        attempts INTEGER NOT NULL,
                        reason TEXT NOT NULL,
                        stage TEXT NOT NULL,
                        last_error TEXT,
                        created_at INTEGER NOT NULL,
                        dead_at INTEGER NOT NULL)""")),
            new Migration(2, "policy update history", List.of("""
                    CREATE TABLE policy_audit (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at INTEGER NOT NULL,
                        outcome TEXT NOT NULL,
                        message_id TEXT NOT NULL,
                        message_time INTEGER NOT NULL,
                        routing_key TEXT NOT NULL,
                        level INTEGER NOT NULL,
                        email TEXT NOT NULL,
                        policy_id INTEGER,
                        previous_users TEXT,
                        new_user_id INTEGER,
                        reason TEXT)""",
                    "CREATE INDEX policy_audit_lane ON policy_audit (routing_key, level, outcome, message_time)")),
            // The kind held raw Kafka records and direct-mode dead letters too, not only buffered MQTT messages.
            new Migration(3, "kind BUFFERED_MQTT is now RAW_MESSAGE", List.of(
                    "UPDATE outbox SET kind = 'RAW_MESSAGE' WHERE kind = 'BUFFERED_MQTT'",
                    "UPDATE dead_letters SET kind = 'RAW_MESSAGE' WHERE kind = 'BUFFERED_MQTT'")),
            // --map_key_timestamp: the source's time decides which update of a level is newest, not arrival.
            new Migration(4, "outbox order time", List.of("ALTER TABLE outbox ADD COLUMN order_time INTEGER")),
            // What an outbox item (an HTTP queueId) became after it left the outbox: kept for DeliveryTrace.KEPT.
            new Migration(5, "delivery trace", List.of("""
                    CREATE TABLE delivered (
                        id INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL,
                        lane TEXT NOT NULL,
                        source_ref TEXT NOT NULL,
                        attempts INTEGER NOT NULL,
                        note TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        delivered_at INTEGER NOT NULL)""",
                    "CREATE INDEX delivered_at ON delivered (delivered_at)")),
            // Retention (--dead_letter_retention, --history_retention) deletes by these times; rows stay as they are.
            new Migration(6, "retention indexes", List.of(
                    "CREATE INDEX dead_letters_dead_at ON dead_letters (dead_at)",
                    "CREATE INDEX policy_audit_at ON policy_audit (at)")));

    void apply(Database db) {
        db.transaction("create schema_migrations", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                        + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
            }
            return null;
        });
        for (Migration m : ALL) {
            db.transaction("migration " + m.version(), c -> applyIfMissing(c, m));
        }
    }

    private static final int LATEST = ALL.getLast().version();

    /**
     * Refuses a file a newer ilagent has migrated: this build would not know what its extra tables or
     * columns mean, and would write rows that newer build cannot trust.
     */
    static void refuseNewer(Connection c, Path file) throws SQLException {
        int version = recordedVersion(c);
        if (version > LATEST) {
            throw new StoreException(file + " was written by a newer ilagent (schema version " + version
                    + ", this one knows up to " + LATEST + "): run that version or a newer one; "
                    + DatabaseFile.UNCHANGED, null);
        }
    }

    /** For read-only use, which cannot migrate: the schema must be exactly this build's. */
    static void requireCurrent(Connection c, Path file) throws SQLException {
        refuseNewer(c, file);
        int version = recordedVersion(c);
        if (version == 0) {
            throw new StoreException(file + " holds no ilagent queue yet: pass the daemon's file with -f FILE, "
                    + "or start the daemon on it once", null);
        }
        if (version < LATEST) {
            throw new StoreException(file + " was written by an older ilagent (schema version " + version
                    + " of " + LATEST + "): start the daemon on it once to update it", null);
        }
    }

    /** The highest version recorded, 0 when the file has no {@code schema_migrations} table. */
    private static int recordedVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet t = s.executeQuery(
                     "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")) {
            if (!t.next()) {
                return 0;
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    // Checked inside the transaction: a second process opening the file at the same time waits on
    // BEGIN IMMEDIATE and then sees the version already recorded.
    private static boolean applyIfMissing(Connection c, Migration m) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM schema_migrations WHERE version = ?")) {
            q.setInt(1, m.version());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (Statement s = c.createStatement()) {
            for (String sql : m.statements()) {
                s.execute(sql);
            }
        }
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)")) {
            ins.setInt(1, m.version());
            ins.setString(2, m.description());
            ins.setString(3, Instant.now().toString());
            ins.executeUpdate();
        }
        log.info("Applied database migration {} ({})", m.version(), m.description());
        return true;
    }
}
