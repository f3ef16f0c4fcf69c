package io.ilagent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "policy", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Escalation policy sync tooling.", subcommands = PolicyHistoryCommand.class)
public final class PolicyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** The command with its subcommands; {@code check} reads the API key from {@code env}. */
    public static CommandLine create(Environment env) {
        return new CommandLine(new PolicyCommand()).addSubcommand(new PolicyCheckCommand(env));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
