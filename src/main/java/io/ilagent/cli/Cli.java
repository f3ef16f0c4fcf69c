package io.ilagent.cli;

import java.util.Map;
import picocli.CommandLine;

/** Builds the picocli command tree with the process environment it should read. */
public final class Cli {
    private Cli() {}

    public static CommandLine create(Map<String, String> env) {
        Environment environment = new Environment(env);
        IlagentCommand top = new IlagentCommand();
        CommandLine cli = new CommandLine(top);
        cli.addSubcommand(new DaemonCommand(environment));
        cli.addSubcommand(new EventCommand(environment));
        cli.addSubcommand(new HeartbeatCommand(environment));
        cli.addSubcommand(new QueueCommand(top::databaseFile));
        cli.addSubcommand(PolicyCommand.create(environment));
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler(new FailureHandler());
        cli.setCaseInsensitiveEnumValuesAllowed(false);
        return cli;
    }
}
