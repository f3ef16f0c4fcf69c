package io.ilagent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(name = "ilagent",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Bridge your infrastructure to ilert: escalation policy sync, event forwarding from MQTT "
                + "and Kafka, a local HTTP proxy with a durable retry queue, and heartbeats.",
        footer = {"", "Environment: ILERT_API_KEY (user API key for policy sync), ILERT_INTEGRATION_KEY, "
                + "ILERT_API_URL, ILERT_BEAT_URL.", "Docs: docs/configuration.md"})
public final class IlagentCommand implements Callable<Integer> {
    public static final String DEFAULT_DB_FILE = "./ilagent.db3";

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log more: none or -v = warn, -vv = info, -vvv = debug, -vvvv = trace.")
    boolean[] verbose = new boolean[0];

    @Option(names = {"-f", "--file"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "SQLite database file (default: ${DEFAULT-VALUE}) of daemon, queue and policy. event and heartbeat "
                    + "store nothing: they accept -f, as ilagent 0.9.0 did, and ignore it.", defaultValue = DEFAULT_DB_FILE)
    Path file;

    public int verbosity() {
        return verbose.length;
    }

    public Path databaseFile() {
        return file;
    }

    @Override
    public Integer call() {
        // A subcommand is required, as in ilagent: show the help and fail like a usage error.
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }
}
