package io.ilagent.cli;

import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.DeliveryTrace;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.SupersededListener;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ilagent queue show ID}: everything stored about one item, nothing shortened. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one waiting item or dead letter in full: payload, attempts, last error, and for a "
                + "dead letter its reason, stage and source (times in UTC; the file is only read).")
final class QueueShowCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID", description = "Id of a waiting item or dead letter, as shown by 'queue list'.")
    private long id;

    @Option(names = "--show_keys", description = "Print integration keys in full (they are masked by default).")
    private boolean showKeys;

    @ParentCommand
    private QueueCommand queue;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return queue.reading(spec, this::show);
    }

    private int show(Database db) {
        Optional<QueueEntry> entry = new DeadLetters(db, queue.clock()).find(id).map(d -> QueueEntry.of(d, showKeys))
                .or(() -> new Outbox(db, queue.clock(), SupersededListener.NONE).find(id)
                        .map(i -> QueueEntry.of(i, showKeys)));
        if (entry.isEmpty()) {
            Optional<DeliveryTrace.Delivered> delivered = new DeliveryTrace(db).find(id);
            if (delivered.isPresent()) {
                printDelivered(delivered.get());
                return ExitCode.OK;
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("No item or dead letter " + id + ", and none delivered in the last "
                    + DeliveryTrace.KEPT.toDays() + " days (see 'ilagent queue list')");
            err.flush();
            return ExitCode.FAILED;
        }
        PrintWriter out = spec.commandLine().getOut();
        entry.get().fields().forEach((name, value) -> out.printf("%-13s %s%n", name + ":", value));
        out.println("payload:");
        out.println(entry.get().payload());
        out.flush();
        return ExitCode.OK;
    }

    /** An item that left the outbox delivered; no payload is kept for it. */
    private void printDelivered(DeliveryTrace.Delivered d) {
        KeyMask mask = showKeys ? KeyMask.NONE : KeyMask.of(d.lane(), "");
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-13s %s%n", "id:", d.id());
        out.printf("%-13s %s%n", "status:", "delivered " + QueueEntry.TIME.format(d.deliveredAt()) + " on attempt "
                + d.attempts() + ": " + d.note());
        out.printf("%-13s %s%n", "kind:", d.kind());
        out.printf("%-13s %s%n", "key:", mask.apply(d.lane()));
        out.printf("%-13s %s%n", "created:", QueueEntry.TIME.format(d.createdAt()));
        out.printf("%-13s %s%n", "source:", mask.apply(d.sourceRef()));
        out.flush();
    }
}
