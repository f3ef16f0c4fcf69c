package io.ilagent.cli;

import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetters;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ilagent queue retry}: put dead letters back in the queue, due now, with no attempts counted. */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = "Requeue dead letters (by id, or all of them); a running daemon picks them up within a second.")
final class QueueRetryCommand implements Callable<Integer> {

    static final class Which {
        @Parameters(paramLabel = "ID", arity = "1..*", description = "Ids of dead letters, as shown by 'queue list'.")
        List<Long> ids;

        @Option(names = "--all-dead", required = true, description = "Requeue every dead letter.")
        boolean allDead;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Which which;

    @ParentCommand
    private QueueCommand queue;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return queue.writing(spec, this::retry);
    }

    private int retry(Database db) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int missing = 0;
        DeadLetters dead = new DeadLetters(db, queue.clock());
        if (which.allDead) {
            out.println("Requeued " + dead.requeueAll() + " dead letter(s)");
        } else {
            for (long id : which.ids) {
                Optional<Long> newId = dead.requeue(id);
                newId.ifPresent(n -> out.println("Requeued dead letter " + id + " as item " + n));
                if (newId.isEmpty()) {
                    err.println("No dead letter " + id + " (see 'ilagent queue list')");
                    missing++;
                }
            }
        }
        out.flush();
        err.flush();
        return missing == 0 ? ExitCode.OK : ExitCode.FAILED;
    }
}
