package io.ilagent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "policy", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Escalation policy sync tooling.", subcommands = PolicyHistoryCommand.class)
public final class PolicyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
