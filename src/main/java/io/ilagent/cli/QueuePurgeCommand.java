package io.ilagent.cli;

import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.ItemPurge;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.SupersededListener;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ilagent queue purge}: delete the given items, or all dead letters (and waiting items only when asked). */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Delete the items with the given ids, or without ids all dead letters.")
final class QueuePurgeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID", arity = "0..*",
            description = "Ids of dead letters or waiting items, as shown by 'queue list'.")
    private List<Long> ids = List.of();

    @Option(names = "--include-pending",
            description = "Also delete every item still waiting for delivery (they will never reach ilert).")
    private boolean includePending;

    @ParentCommand
    private QueueCommand queue;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (includePending && !ids.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "--include-pending deletes every waiting item: give either it or ids, not both");
        }
        return queue.writing(spec, ids.isEmpty() ? this::purgeAll : this::purgeIds);
    }

    private int purgeAll(Database db) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Deleted " + new DeadLetters(db, queue.clock()).purge() + " dead letter(s)");
        if (includePending) {
            int n = new Outbox(db, queue.clock(), SupersededListener.NONE).purgePending();
            out.println("Deleted " + n + " waiting item(s)");
        }
        out.flush();
        return ExitCode.OK;
    }

    private int purgeIds(Database db) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ItemPurge purge = new ItemPurge(db);
        int missing = 0;
        for (long id : ids) {
            switch (purge.purge(id)) {
                case DEAD_LETTER -> out.println("Deleted dead letter " + id);
                case WAITING_ITEM -> out.println("Deleted waiting item " + id + " (it will never reach ilert)");
                case NOTHING -> {
                    err.println("No item or dead letter " + id + " (see 'ilagent queue list')");
                    missing++;
                }
            }
        }
        out.flush();
        err.flush();
        return missing == 0 ? ExitCode.OK : ExitCode.FAILED;
    }
}
