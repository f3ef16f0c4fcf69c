package io.ilagent.cli;

import io.ilagent.delivery.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ilagent queue}: look at and repair the delivery queue in the SQLite file. Safe while a daemon
 * runs on the same file: SQLite's WAL lets readers through, and writes wait for the daemon's.
 */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "Show, requeue or purge waiting items and dead letters in the SQLite file.",
        subcommands = {QueueListCommand.class, QueueRetryCommand.class, QueuePurgeCommand.class})
public final class QueueCommand implements Runnable {

    public static final Path DEFAULT_FILE = Path.of("./ilagent.db3");

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "SQLite file of the agent (default: the global -f, else ./ilagent.db3).")
    private Path file;

    @Spec
    private CommandSpec spec;

    private final Supplier<Path> inheritedFile;
    private final Clock clock;

    /** Stand-alone use: the file is {@code -f}, else ./ilagent.db3. */
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
        return file != null ? file : inherited != null ? inherited : DEFAULT_FILE;
    }

    Clock clock() {
        return clock;
    }

    /** Opens the file; refuses to create one, since an empty new file would only hide a wrong path. */
    Database open(CommandSpec caller) {
        Path path = file();
        if (!Files.isRegularFile(path)) {
            throw new ParameterException(caller.commandLine(),
                    "No ilagent database at " + path + ": pass the daemon's file with -f FILE");
        }
        return Database.open(path, clock);
    }
}
