package io.ilagent.cli;

import io.ilagent.policy.PolicyAudit;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "history", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Print the latest policy updates and what came of each (times in UTC; the file is only read).")
public final class PolicyHistoryCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "How many of the latest entries to show (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
        Path file = ((IlagentCommand) spec.root().userObject()).databaseFile();
        return DatabaseAccess.read(spec, file, db -> {
            print(new PolicyAudit(db, Clock.systemUTC()).latest(limit));
            return ExitCode.OK;
        });
    }

    private void print(List<PolicyAudit.Entry> entries) {
        PrintWriter out = spec.commandLine().getOut();
        if (entries.isEmpty()) {
            out.println("No policy updates recorded yet.");
            out.flush();
            return;
        }
        String format = "%-19s  %-10s  %-20s  %5s  %8s  %-12s  %8s  %-28s  %s%n";
        out.printf(format, "TIME", "OUTCOME", "ROUTING KEY", "LEVEL", "POLICY", "PREVIOUS", "NEW USER", "EMAIL", "MESSAGE / REASON");
        for (PolicyAudit.Entry e : entries) {
            out.printf(format, TIME.format(e.at()), e.outcome(), e.routingKey(), e.level(),
                    e.policyId().map(String::valueOf).orElse("-"), e.previousUsers().orElse("-"),
                    e.newUserId().map(String::valueOf).orElse("-"), e.email(),
                    e.messageId() + e.reason().map(r -> ": " + r).orElse(""));
        }
        out.flush();
    }
}
