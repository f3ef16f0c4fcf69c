package io.ilagent.cli;

import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetter;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.OutboxItem;
import io.ilagent.delivery.SupersededListener;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ilagent queue list}: waiting items and dead letters as two tables. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List waiting items and dead letters.")
final class QueueListCommand implements Callable<Integer> {

    private static final int MAX_TEXT = 100;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @ParentCommand
    private QueueCommand queue;

    @Spec
    private CommandSpec spec;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Rows shown per table (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Database db = queue.open(spec)) {
            List<OutboxItem> pending = new Outbox(db, queue.clock(), SupersededListener.NONE).pending(limit);
            List<DeadLetter> dead = new DeadLetters(db, queue.clock()).list(limit);
            out.println("Waiting items: " + pending.size() + (pending.size() == limit ? "+" : ""));
            print(out, List.of("ID", "KIND", "KEY", "ATTEMPTS", "NEXT ATTEMPT", "LAST ERROR"),
                    pending.stream().map(QueueListCommand::row).toList());
            out.println();
            out.println("Dead letters: " + dead.size() + (dead.size() == limit ? "+" : ""));
            print(out, List.of("ID", "KIND", "KEY", "ATTEMPTS", "DEAD SINCE", "STAGE", "REASON", "SOURCE"),
                    dead.stream().map(QueueListCommand::row).toList());
        }
        out.flush();
        return 0;
    }

    private static List<String> row(OutboxItem i) {
        return List.of(String.valueOf(i.id()), i.kind().name(), i.lane(), String.valueOf(i.attempts()),
                TIME.format(i.nextAttemptAt()), i.lastError().orElse(""));
    }

    private static List<String> row(DeadLetter d) {
        String why = d.reason() + d.lastError().filter(e -> !e.equals(d.reason())).map(e -> " (last: " + e + ")")
                .orElse("");
        return List.of(String.valueOf(d.id()), d.kind().name(), d.lane(), String.valueOf(d.attempts()),
                TIME.format(d.deadAt()), d.stage(), why, d.sourceRef());
    }

    private static void print(PrintWriter out, List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        rows.forEach(r -> all.add(r.stream().map(QueueListCommand::shorten).toList()));
        int[] widths = new int[header.size()];
        for (List<String> r : all) {
            for (int c = 0; c < r.size(); c++) {
                widths[c] = Math.max(widths[c], r.get(c).length());
            }
        }
        for (List<String> r : all) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.size(); c++) {
                line.append(c == r.size() - 1 ? r.get(c) : String.format("%-" + (widths[c] + 2) + "s", r.get(c)));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    // Keeps one row on one line: errors can carry a whole response body.
    private static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= MAX_TEXT ? flat : flat.substring(0, MAX_TEXT - 1) + "…";
    }
}
