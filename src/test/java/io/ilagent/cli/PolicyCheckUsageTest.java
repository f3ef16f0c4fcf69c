package io.ilagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code policy check} refuses before it calls ilert: one line naming what is wrong, exit code 2. */
class PolicyCheckUsageTest {
    private static final Map<String, String> WITH_API_KEY = Map.of("ILERT_API_KEY", "test-key-not-real");

    @TempDir
    Path dir;

    @Test
    void withoutAnApiKeyItNamesTheEnvironmentVariable() {
        CliRun run = CliRun.run(Map.of(), "-f", dir.resolve("none.db3").toString(), "policy", "check");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("ilagent policy check: needs the environment variable ILERT_API_KEY");
    }

    @Test
    void anApiRateOutOfRangeNamesTheFlag() {
        CliRun run = CliRun.run(WITH_API_KEY, "policy", "check", "--ilert_api_rate", "1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("ilagent policy check: --ilert_api_rate must be 0 (no pacing) or from 2 to 100000");
    }

    @Test
    void withoutTheDaemonsDatabaseItSaysWhichFileItLookedFor() {
        Path missing = dir.resolve("missing.db3");

        CliRun run = CliRun.run(WITH_API_KEY, "-f", missing.toString(), "policy", "check");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("No ilagent database at " + missing).doesNotContain("test-key-not-real");
    }
}
