package io.ilagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command line in examples/ parses, and a daemon example passes the start-up validation. */
class ExamplesTest {

    static Stream<Path> examples() throws IOException {
        return Files.list(Path.of("examples")).filter(p -> p.toString().endsWith(".sh")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleIsValidForThisVersion(Path example) throws IOException {
        String script = Files.readString(example).replace("\\\n", " ");
        String line = script.lines().filter(l -> l.contains("bin/ilagent ")).findFirst()
                .orElseThrow(() -> new AssertionError(example + " has no bin/ilagent command"));
        List<String> words = shellWords(line);
        Map<String, String> env = new HashMap<>();
        if (script.contains("${ILERT_API_KEY:?")) {
            env.put("ILERT_API_KEY", "example-api-key");
        }
        assertThat(words.getFirst()).as(example + " execs the agent, so that stopping the script stops it").isEqualTo("exec");
        words.removeFirst();
        while (!words.getFirst().equals("bin/ilagent")) {
            String[] assignment = words.removeFirst().split("=", 2);
            env.put(assignment[0], assignment[1]);
        }
        words.removeFirst();
        CommandLine cli = Cli.create(env);
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        CommandLine.ParseResult parsed = cli.parseArgs(words.toArray(String[]::new));
        Object command = parsed.subcommand().commandSpec().userObject();
        if (command instanceof DaemonCommand daemon) {
            daemon.config();
            assertThat(err.toString()).as("warnings of " + example).doesNotContain("warning");
        }
        assertThat(parsed.subcommand().commandSpec().name()).isIn("daemon", "event", "heartbeat");
    }

    @Test
    void eachDaemonExampleHasItsOwnDatabaseFileClientIdGroupAndPort() throws IOException {
        for (String flag : List.of("-f", "-n", "--kafka_group_id", "-p")) {
            Map<String, Path> owners = new HashMap<>();
            for (Path example : examples().toList()) {
                List<String> words = shellWords(Files.readString(example).replace("\\\n", " ").lines()
                        .filter(l -> l.contains("bin/ilagent ")).findFirst().orElseThrow());
                int at = words.indexOf(flag);
                if (at >= 0 && words.contains("daemon")) {
                    Path other = owners.put(words.get(at + 1), example);
                    assertThat(other).as(flag + " " + words.get(at + 1) + " in " + example).isNull();
                }
            }
            if (!flag.equals("--kafka_group_id")) {
                assertThat(owners).as("daemon examples with " + flag).hasSizeGreaterThan(1);
            }
        }
    }

    /** Splits a shell line into words, honouring single and double quotes (enough for the examples). */
    private static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : line.strip().toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
