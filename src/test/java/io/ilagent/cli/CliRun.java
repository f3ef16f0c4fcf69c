package io.ilagent.cli;

import io.ilagent.config.AgentConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs the real command line in-process with a given environment and captures what it prints. */
record CliRun(int exitCode, String out, String err) {

    /** As {@code Main} runs it: with the tree {@link Cli#forArguments} builds for these arguments. */
    static CliRun run(Map<String, String> env, String... args) {
        CommandLine cli = Cli.forArguments(env, args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static CliRun run(String... args) {
        return run(Map.of(), args);
    }

    /** Parses {@code daemon ...} and returns the validated configuration (throws UsageError when invalid). */
    static AgentConfig daemonConfig(Map<String, String> env, String... args) {
        CommandLine cli = Cli.create(env);
        cli.setErr(new PrintWriter(new StringWriter(), true));
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        CommandLine.ParseResult sub = parsed.subcommand();
        return ((DaemonCommand) sub.commandSpec().userObject()).config();
    }

    static AgentConfig daemonConfig(String... args) {
        return daemonConfig(Map.of(), args);
    }
}
