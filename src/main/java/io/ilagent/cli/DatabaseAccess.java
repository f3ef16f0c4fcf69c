package io.ilagent.cli;

import io.ilagent.delivery.Database;
import io.ilagent.delivery.StoreException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * How the queue and policy commands use the daemon's file: a missing file is a wrong {@code -f}
 * (exit 2; an empty new file would only hide it), and a file that cannot be used (not SQLite, damaged,
 * from a newer ilagent, not readable) is one line naming it and exit 1, never a stack trace.
 */
final class DatabaseAccess {

    /** Work on the opened file; returns the exit code. */
    @FunctionalInterface
    interface Work {
        int run(Database db);
    }

    private DatabaseAccess() {}

    /** Opens the file read-only: nothing is migrated, locked or written. */
    static int read(CommandSpec caller, Path file, Work work) {
        requireFile(caller, file);
        return reporting(caller, () -> {
            try (Database db = Database.openReadOnly(file)) {
                return work.run(db);
            }
        });
    }

    /** Opens the file for changes, bringing its schema up to date first as the daemon would. */
    static int write(CommandSpec caller, Path file, Clock clock, Work work) {
        requireFile(caller, file);
        return reporting(caller, () -> {
            try (Database db = Database.open(file, clock)) {
                return work.run(db);
            }
        });
    }

    private static void requireFile(CommandSpec caller, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(caller.commandLine(),
                    "No ilagent database at " + file + ": pass the daemon's file with -f FILE");
        }
    }

    private interface Opened {
        int run();
    }

    private static int reporting(CommandSpec caller, Opened opened) {
        try {
            return opened.run();
        } catch (StoreException e) {
            PrintWriter err = caller.commandLine().getErr();
            err.println(caller.qualifiedName() + ": " + e.getMessage());
            err.flush();
            return ExitCode.FAILED;
        }
    }
}
