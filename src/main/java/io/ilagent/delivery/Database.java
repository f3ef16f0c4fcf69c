package io.ilagent.delivery;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
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

    static final int BUSY_TIMEOUT_MS = 5_000;

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (creating if missing) the file, brings the schema up to date and takes over rows that
     * ilagent 0.9.0 left in its own tables.
     */
    public static Database open(Path file, Clock clock) {
        Database db = connect(file);
        try {
            new Migrations().apply(db);
            new LegacyTakeover(clock).run(db);
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static Database connect(Path file) {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
            }
            return new Database(file, c);
        } catch (SQLException e) {
            throw new StoreException("cannot open SQLite file " + file + ": " + e.getMessage(), e);
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
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(what + " failed on " + file + ": " + e.getMessage(), e);
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
            throw new StoreException(what + " failed on " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
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
