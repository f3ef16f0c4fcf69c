package io.ilagent.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ilagent queue}: look at and repair the delivery queue in the SQLite file. Safe while a daemon
 * runs on the same file: {@code list} and {@code show} only read it, and the writes of {@code retry} and
 * {@code purge} wait for the daemon's.
 */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "Show, requeue or purge waiting items and dead letters in the SQLite file.",
        subcommands = {QueueListCommand.class, QueueShowCommand.class, QueueRetryCommand.class,
                QueuePurgeCommand.class})
public final class QueueCommand implements Runnable {

    public static final Path DEFAULT_FILE = Path.of("./ilagent.db3");

    @Spec
    private CommandSpec spec;

    private final Supplier<Path> inheritedFile;
    private final Clock clock;

    /** Stand-alone use: the file is ./ilagent.db3. */
    public QueueCommand() {
        this(() -> DEFAULT_FILE);
    }

    /** @param inheritedFile the parent command's {@code -f} (may give null), read when a subcommand runs */
    public QueueCommand(Supplier<Path> inheritedFile) {
        this(inheritedFile, Clock.systemUTC());
    }

    public QueueCommand(Supplier<Path> inheritedFile, Clock clock) {
        this.inheritedFile = Objects.requireNonNull(inheritedFile, "inheritedFile");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    Path file() {
        Path inherited = inheritedFile.get();
        return inherited != null ? inherited : DEFAULT_FILE;
    }

    Clock clock() {
        return clock;
    }

    /** Runs {@code work} on the file opened read-only; see {@link DatabaseAccess}. */
    int reading(CommandSpec caller, DatabaseAccess.Work work) {
        return DatabaseAccess.read(caller, file(), work);
    }

    /** Runs {@code work} on the file opened for changes; see {@link DatabaseAccess}. */
    int writing(CommandSpec caller, DatabaseAccess.Work work) {
        return DatabaseAccess.write(caller, file(), clock, work);
    }
}
