package io.ilagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/configuration.md holds a flag table per command rendered from the picocli definitions, so
 * the reference cannot drift from the code. Run with -Dilagent.updateDocs=true to rewrite it.
 */
class ConfigurationDocTest {
    private static final Path DOC = Path.of("docs/configuration.md");
    private static final String BEGIN = "<!-- BEGIN GENERATED FLAGS: edit the @Option annotations, not this table -->";
    private static final String END = "<!-- END GENERATED FLAGS -->";

    @Test
    void flagTablesMatchTheCommandDefinitions() throws IOException {
        String doc = Files.readString(DOC);
        assertThat(doc).contains(BEGIN).contains(END);
        String expected = doc.substring(0, doc.indexOf(BEGIN) + BEGIN.length()) + "\n" + render()
                + doc.substring(doc.indexOf(END));
        if (Boolean.getBoolean("ilagent.updateDocs")) {
            Files.writeString(DOC, expected);
        }
        assertThat(doc).as("docs/configuration.md is out of date: run the tests with -Dilagent.updateDocs=true")
                .isEqualTo(expected);
    }

    @Test
    void globalTableListsHelpAndVersion() throws IOException {
        String doc = Files.readString(DOC);
        assertThat(doc).contains("| `-h`, `--help` |", "| `-V`, `--version` |");
    }

    @Test
    void oneFlagHasOnePlaceholderInEveryCommand() {
        Map<String, Set<String>> labels = new TreeMap<>();
        collect(Cli.create(Map.of()), labels);
        assertThat(labels).allSatisfy((flag, placeholders) -> assertThat(placeholders).as(flag).hasSize(1));
    }

    @Test
    void everyKeyIsWrittenKeyAndEveryPortNamesItsProtocol() {
        Map<String, Set<String>> labels = new TreeMap<>();
        collect(Cli.create(Map.of()), labels);
        for (String flag : List.of("--integration_key", "--event_key", "--heartbeat")) {
            assertThat(labels.get(flag)).as(flag).containsExactly("KEY");
        }
        assertThat(labels.get("--port")).containsExactly("HTTP_PORT");
        assertThat(labels.get("--mqtt_port")).containsExactly("MQTT_PORT");
    }

    private static void collect(CommandLine cmd, Map<String, Set<String>> labels) {
        cmd.getCommandSpec().options().stream().filter(o -> o.arity().max() > 0)
                .forEach(o -> labels.computeIfAbsent(o.longestName(), k -> new TreeSet<>()).add(o.paramLabel()));
        cmd.getSubcommands().values().forEach(sub -> collect(sub, labels));
    }

    static String render() {
        CommandLine root = Cli.create(Map.of());
        StringBuilder out = new StringBuilder();
        table(out, "ilagent (global, before or after the subcommand)", root.getCommandSpec());
        root.getSubcommands().values().forEach(sub -> renderTree(out, sub, "ilagent "));
        return out.toString();
    }

    private static void renderTree(StringBuilder out, CommandLine cmd, String prefix) {
        table(out, prefix + cmd.getCommandName(), cmd.getCommandSpec());
        cmd.getSubcommands().values().forEach(sub -> renderTree(out, sub, prefix + cmd.getCommandName() + " "));
    }

    private static void table(StringBuilder out, String title, CommandSpec spec) {
        out.append("\n### `").append(title).append("`\n\n");
        out.append(String.join(" ", spec.usageMessage().description())).append("\n\n");
        out.append("| Flag | Value | Default | Meaning |\n|---|---|---|---|\n");
        for (OptionSpec o : spec.options()) {
            boolean standardHelp = o.usageHelp() || o.versionHelp();
            if ((standardHelp || o.inherited()) && spec.parent() != null) { // listed once, in the global table
                continue;
            }
            String value = o.arity().max() == 0 ? "" : "`" + o.paramLabel() + "`";
            String def = o.defaultValue() == null ? "" : "`" + o.defaultValue() + "`";
            String desc = String.join(" ", o.description()).replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue()))
                    .replace("${COMPLETION-CANDIDATES}", candidates(o)).replace("|", "\\|");
            out.append("| `").append(String.join("`, `", o.names())).append("` | ").append(value).append(" | ")
                    .append(def).append(" | ").append(desc).append(" |\n");
        }
        spec.positionalParameters().forEach(p -> out.append("| `").append(p.paramLabel()).append("` | | | ")
                .append(String.join(" ", p.description())).append(" |\n"));
    }

    private static String candidates(OptionSpec o) {
        return o.completionCandidates() == null ? "" : String.join(", ", o.completionCandidates());
    }
}
