package io.ilagent.delivery;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The agent's SQLite file: one connection, used by one thread at a time. Several threads (sources,
 * delivery workers) and other processes ({@code ilagent queue}) share the file, so every
 * read-modify-write runs as an explicit {@code BEGIN IMMEDIATE}: a deferred transaction that later
 * upgrades to a write fails with SQLITE_BUSY without honouring busy_timeout.
 */
public final class Database implements AutoCloseable {

    /** Work done on the connection; the caller holds the lock and, for writes, the transaction. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final int SQLITE_FULL = 13;
    static final int WAL_CHECKPOINT_PAGES = 200;
    static final long WAL_SIZE_LIMIT_BYTES = 1024 * 1024;
    static final int BUSY_TIMEOUT_MS = 5_000;

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (creating if missing, owner-only) the file, brings the schema up to date and takes over
     * rows that ilagent 0.9.0 left in its own tables. A file that is not SQLite, is damaged, or was
     * written by a newer ilagent is refused before anything is written to it.
     */
    public static Database open(Path file, Clock clock) {
        DatabaseFile.createOwnerOnly(file);
        DatabaseFile.requireSqlite(file);
        Database db = connect(file, "jdbc:sqlite:" + file.toAbsolutePath());
        try {
            db.read("check the file", c -> {
                requireIntact(c, file);
                Migrations.refuseNewer(c, file);
                return null;
            });
            db.read("switch to WAL", c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA journal_mode=WAL");
                    s.execute("PRAGMA synchronous=NORMAL");
                    // SQLite checkpoints the WAL only at 1000 pages (4 MB) by default and keeps the file at its
                    // largest size: on a small disk the WAL alone could fill it and never shrink again.
                    s.execute("PRAGMA wal_autocheckpoint=" + WAL_CHECKPOINT_PAGES);
                    s.execute("PRAGMA journal_size_limit=" + WAL_SIZE_LIMIT_BYTES);
                }
                return null;
            });
            new Migrations().apply(db);
            new LegacyTakeover(clock).run(db);
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Opens the file for reading only, for commands that only look: no migration, no takeover, no
     * lock, and nothing written, so they work beside a running daemon, in a read-only directory and
     * as another user. Refuses a file whose schema is not exactly this build's.
     */
    public static Database openReadOnly(Path file) {
        DatabaseFile.requireSqlite(file);
        Database db = connect(file, DatabaseFile.readOnlyUrl(file));
        try {
            db.read("check the file", c -> {
                Migrations.requireCurrent(c, file);
                return null;
            });
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static Database connect(Path file, String url) {
        SqliteNativeLibrary.prepare();
        try {
            Connection c = DriverManager.getConnection(url, connectionProperties());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
            }
            return new Database(file, c);
        } catch (SQLException e) {
            throw new StoreException("cannot open " + file + " (" + SqliteErrors.reason(e)
                    + "): check that this user may read and write it and its directory", e);
        }
    }

    /**
     * The driver's settings. Without {@code jdbc.get_generated_keys=false} it runs {@code SELECT last_insert_rowid()}
     * as a statement of its own after every INSERT, for {@code getGeneratedKeys()}, which nothing here calls (an id
     * that is needed comes back with {@code RETURNING}): two or three such statements per delivered message.
     */
    static Properties connectionProperties() {
        Properties p = new Properties();
        p.setProperty("jdbc.get_generated_keys", "false");
        return p;
    }

    // Damage found now stops the start with one clear line, instead of failing deliveries later. The
    // check reads every page, which on an agent's file (a queue that drains) takes milliseconds.
    private static void requireIntact(Connection c, Path file) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check(1)")) {
            String verdict = rs.next() ? rs.getString(1) : "no answer from the integrity check";
            if (!"ok".equals(verdict)) {
                // One line: the verdict starts with "*** in database main ***" and a line break.
                throw SqliteErrors.damagedFile(file, verdict.replace("*** in database main ***", "")
                        .replaceAll("\\s+", " ").strip(), null);
            }
        }
    }

    public Path file() {
        return file;
    }

    /** Runs {@code work} in one {@code BEGIN IMMEDIATE … COMMIT}; rolls back on any failure. */
    public <T> T transaction(String what, SqlWork<T> work) {
        lock.lock();
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                T result = work.run(connection);
                s.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(s);
                if (e instanceof SQLException sql && isFull(sql)) {
                    giveBackWalSpace(s);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw SqliteErrors.describe(what, file, e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs a read (one statement or several that need no common snapshot). */
    public <T> T read(String what, SqlWork<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw SqliteErrors.describe(what, file, e);
        } finally {
            lock.unlock();
        }
    }

    private static boolean isFull(SQLException e) {
        return e.getErrorCode() == SQLITE_FULL || String.valueOf(e.getMessage()).contains("SQLITE_FULL");
    }

    /**
     * After a full disk: move what the WAL holds into the main file and truncate the WAL, so that the space
     * the WAL took comes back. Best effort: on a disk that is still full this fails too, and is tried again
     * after the next failed write.
     */
    private static void giveBackWalSpace(Statement s) {
        try {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException ignored) {
            // still full; the failed write is what is reported
        }
    }

    private static void rollback(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // SQLite already rolled back (e.g. after SQLITE_FULL); the original error is what matters.
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
