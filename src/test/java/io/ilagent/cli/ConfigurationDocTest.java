package io.ilagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
            if (o.usageHelp() || o.versionHelp() || (o.inherited() && spec.parent() != null)) {
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
