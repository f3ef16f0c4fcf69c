package io.ilagent.cli;

import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.SupersededListener;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ilagent queue purge}: delete dead letters, and waiting items only when asked explicitly. */
@Command(name = "purge", mixinStandardHelpOptions = true, description = "Delete all dead letters.")
final class QueuePurgeCommand implements Callable<Integer> {

    @Option(names = "--include-pending",
            description = "Also delete every item still waiting for delivery (they will never reach ilert).")
    private boolean includePending;

    @ParentCommand
    private QueueCommand queue;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Database db = queue.open(spec)) {
            out.println("Deleted " + new DeadLetters(db, queue.clock()).purge() + " dead letter(s)");
            if (includePending) {
                int n = new Outbox(db, queue.clock(), SupersededListener.NONE).purgePending();
                out.println("Deleted " + n + " waiting item(s)");
            }
        }
        out.flush();
        return 0;
    }
}
