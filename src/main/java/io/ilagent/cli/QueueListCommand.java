package io.ilagent.cli;

import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.SupersededListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ilagent queue list}: waiting items and dead letters as two tables, or as JSON lines. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List waiting items and dead letters (times in UTC; the file is only read).")
final class QueueListCommand implements Callable<Integer> {

    private static final int MAX_TEXT = 100;

    @ParentCommand
    private QueueCommand queue;

    @Spec
    private CommandSpec spec;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "Rows shown per table (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--json", description = "One JSON object per line (waiting items, then dead letters), "
            + "with the whole payload, for scripts.")
    private boolean json;

    @Option(names = "--show_keys", description = "Print integration keys in full (they are masked by default).")
    private boolean showKeys;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
        return queue.reading(spec, this::list);
    }

    private int list(Database db) {
        List<QueueEntry> pending = new Outbox(db, queue.clock(), SupersededListener.NONE).pending(limit).stream()
                .map(i -> QueueEntry.of(i, showKeys)).toList();
        List<QueueEntry> dead = new DeadLetters(db, queue.clock()).list(limit).stream()
                .map(d -> QueueEntry.of(d, showKeys)).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            pending.forEach(e -> out.println(e.toJson()));
            dead.forEach(e -> out.println(e.toJson()));
        } else {
            printTables(out, pending, dead);
        }
        out.flush();
        return ExitCode.OK;
    }

    private void printTables(PrintWriter out, List<QueueEntry> pending, List<QueueEntry> dead) {
        out.println("Waiting items: " + pending.size() + (pending.size() == limit ? "+" : ""));
        print(out, List.of("ID", "KIND", "KEY", "ATTEMPTS", "NEXT ATTEMPT", "LAST ERROR"),
                pending.stream().map(QueueListCommand::waitingRow).toList());
        out.println();
        out.println("Dead letters: " + dead.size() + (dead.size() == limit ? "+" : ""));
        print(out, List.of("ID", "KIND", "KEY", "ATTEMPTS", "DEAD SINCE", "STAGE", "REASON", "SOURCE"),
                dead.stream().map(QueueListCommand::deadRow).toList());
    }

    private static List<String> waitingRow(QueueEntry e) {
        return List.of(String.valueOf(e.id()), e.kind(), e.key(), String.valueOf(e.attempts()),
                e.nextAttemptAt().map(QueueEntry.TIME::format).orElse(""), e.lastError().orElse(""));
    }

    private static List<String> deadRow(QueueEntry e) {
        String reason = e.reason().orElse("");
        String why = reason + e.lastError().filter(l -> !l.equals(reason)).map(l -> " (last: " + l + ")").orElse("");
        return List.of(String.valueOf(e.id()), e.kind(), e.key(), String.valueOf(e.attempts()),
                e.deadAt().map(QueueEntry.TIME::format).orElse(""), e.stage().orElse(""), why, e.source());
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

    // Keeps one row on one line: errors can carry a whole response body ('queue show ID' prints it whole).
    private static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= MAX_TEXT ? flat : flat.substring(0, MAX_TEXT - 1) + "…";
    }
}
