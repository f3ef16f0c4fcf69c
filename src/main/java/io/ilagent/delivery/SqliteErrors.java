package io.ilagent.delivery;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns the driver's exceptions into the words an operator reads. The driver says each thing twice
 * ("[SQLITE_CORRUPT] The database disk image is malformed (database disk image is malformed)"); SQLite's
 * own short text, in the brackets, is the one kept.
 */
final class SqliteErrors {

    private static final Pattern DRIVER_TEXT = Pattern.compile("^\\[\\w+\\][^(]*\\((.*)\\)$", Pattern.DOTALL);

    private SqliteErrors() {}

    /** SQLite's own words for what went wrong. */
    static String reason(SQLException e) {
        String message = String.valueOf(e.getMessage());
        Matcher m = DRIVER_TEXT.matcher(message);
        return m.matches() ? m.group(1) : message;
    }

    /** Whether the file itself is broken (as opposed to busy, full or not permitted). */
    static boolean damaged(SQLException e) {
        if (e instanceof SQLiteException s) {
            int primary = s.getResultCode().code & 0xff;
            return primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code;
        }
        return false;
    }

    /** What to say when work on {@code file} failed with {@code e}. */
    static StoreException describe(String what, Path file, SQLException e) {
        if (damaged(e)) {
            return damagedFile(file, reason(e), e);
        }
        // The driver's full text stays: it names the result code (SQLITE_FULL, SQLITE_BUSY) that log
        // readers and alerts match on.
        return new StoreException(what + " failed on " + file + ": " + e.getMessage(), e);
    }

    static StoreException damagedFile(Path file, String detail, Throwable cause) {
        return new StoreException(file + " is damaged (" + detail + "): restore it from a backup, or move it aside "
                + "to start with an empty queue; " + DatabaseFile.UNCHANGED, cause);
    }
}
