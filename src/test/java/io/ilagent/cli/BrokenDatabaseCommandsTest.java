package io.ilagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** Every queue and policy command answers a file that is not a database with one line and exit 1. */
class BrokenDatabaseCommandsTest {

    @TempDir
    Path dir;

    static List<List<String>> commands() {
        return List.of(List.of("queue", "list"), List.of("queue", "list", "--json"), List.of("queue", "show", "1"),
                List.of("queue", "retry", "--all-dead"), List.of("queue", "retry", "1"), List.of("queue", "purge"),
                List.of("queue", "purge", "1"), List.of("queue", "purge", "--include-pending"),
                List.of("policy", "history"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void aFileThatIsNotSqliteGivesOneLineNamingItAndIsNeverChanged(List<String> command) throws Exception {
        Path file = dir.resolve("ilagent.yaml");
        Files.writeString(file, "not: a database\n");
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("-f", file.toString()),
                command.stream()).toArray(String[]::new);

        CliRun run = CliRun.run(Map.of(), args);

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err().lines()).singleElement().isEqualTo("ilagent " + String.join(" ", command.subList(0, 2))
                + ": " + file + " is not an SQLite database: pass the daemon's file with -f FILE; ilagent has not changed it");
        assertThat(run.out()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("not: a database\n");
        try (var siblings = Files.list(dir)) {
            assertThat(siblings).containsExactly(file);
        }
    }
}
