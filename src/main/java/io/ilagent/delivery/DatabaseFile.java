package io.ilagent.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * The database file as a file: checked before SQLite sees it, so that a wrong {@code -f} (a config
 * file, a log) is refused without SQLite ever writing to it, and created owner-only, since it holds
 * integration keys, e-mail addresses and whole payloads. SQLite gives the {@code -wal} and {@code
 * -shm} companions the mode of the database file, whatever the umask, so they follow.
 */
final class DatabaseFile {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    static final String UNCHANGED = "ilagent has not changed it";

    private DatabaseFile() {}

    /** Throws unless {@code file} is empty or starts like an SQLite database. */
    static void requireSqlite(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(MAGIC.length);
        } catch (NoSuchFileException e) {
            throw new StoreException("no ilagent database at " + file + ": pass the daemon's file with -f FILE", e);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + " (" + reason(e) + "): check its permissions", e);
        }
        if (head.length > 0 && !Arrays.equals(head, MAGIC)) {
            throw new StoreException(file + " is not an SQLite database: pass the daemon's file with -f FILE; "
                    + UNCHANGED, null);
        }
    }

    /** Creates {@code file} readable and writable by its owner only, unless it exists already. */
    static void createOwnerOnly(Path file) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            // The umask can only take bits away, but one like 0277 would take the owner's write bit.
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (FileAlreadyExistsException e) {
            // An existing file keeps the mode its owner gave it.
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: SQLite creates the file with the platform's defaults.
        } catch (NoSuchFileException e) {
            throw new StoreException("cannot create " + file + ": its directory does not exist", e);
        } catch (IOException e) {
            throw new StoreException("cannot create " + file + " (" + reason(e) + "): check the directory's "
                    + "permissions", e);
        }
    }

    /** What went wrong with a file, without repeating its path (the JDK's messages often are just the path). */
    static String reason(IOException e) {
        return switch (e) {
            case AccessDeniedException a -> "permission denied";
            case NoSuchFileException n -> "no such file or directory";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> String.valueOf(e.getMessage());
        };
    }

    /**
     * The JDBC URL for reading without writing anything: not the file, and not a {@code -wal} or
     * {@code -shm} beside it. When no {@code -wal} exists no daemon has the file open, so it is read as
     * immutable, which needs no side files and works in a read-only directory. When one exists, a
     * daemon is (or was, until a SIGKILL) writing, and its shared memory must be used to see its work.
     */
    static String readOnlyUrl(Path file) {
        Path absolute = file.toAbsolutePath();
        boolean live = Files.exists(Path.of(absolute + "-wal"));
        return "jdbc:sqlite:file:" + uriPath(absolute) + "?mode=ro" + (live ? "" : "&immutable=1");
    }

    // '?' and '#' would end the path of a URI filename, and '%' would start an escape.
    private static String uriPath(Path absolute) {
        return absolute.toString().replace("%", "%25").replace("?", "%3f").replace("#", "%23");
    }
}
