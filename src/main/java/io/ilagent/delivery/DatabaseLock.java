package io.ilagent.delivery;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * One daemon per database file: an exclusive OS lock on {@code <file>.lock}, held while the daemon
 * runs. Two daemons on one outbox would deliver every item twice. The OS drops the lock when the
 * process ends, even by SIGKILL, so a stale side file never blocks a start; it is left in place,
 * because deleting it would let a third daemon lock a new file while the second still holds the old.
 * The queue and policy commands do not take it: SQLite's own locking keeps them safe beside the daemon.
 */
public final class DatabaseLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DatabaseLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock for {@code databaseFile} at once, or throws naming who holds it. */
    public static DatabaseLock acquire(Path databaseFile) {
        Path lockFile = Path.of(databaseFile.toAbsolutePath() + ".lock");
        FileChannel channel = open(lockFile);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new DatabaseLock(channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // Held by this very process (a test running two daemons): the same answer as for another.
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("cannot lock " + lockFile + " (" + DatabaseFile.reason(e) + ")", e);
        }
        closeQuietly(channel);
        throw new StoreException("another ilagent daemon is running on " + databaseFile + " (it holds "
                + databaseFile + ".lock): stop it first, or give this daemon its own file with -f FILE", null);
    }

    private static FileChannel open(Path lockFile) {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            return FileChannel.open(lockFile, options,
                    PosixFilePermissions.asFileAttribute(DatabaseFile.OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            return openWithoutMode(lockFile, options);
        } catch (IOException e) {
            throw new StoreException("cannot create " + lockFile + " (" + DatabaseFile.reason(e) + "): check the "
                    + "directory's permissions", e);
        }
    }

    private static FileChannel openWithoutMode(Path lockFile, Set<StandardOpenOption> options) {
        try {
            return FileChannel.open(lockFile, options);
        } catch (IOException e) {
            throw new StoreException("cannot create " + lockFile + " (" + DatabaseFile.reason(e) + ")", e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was locked through it.
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it as well.
        }
        closeQuietly(channel);
    }
}
