package io.ilagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher a user runs: finds a JDK 21+, runs the jar, passes exit codes through. */
class LauncherIT {
    @TempDir
    Path dir;

    @Test
    void launcherFindsAJdkAndPrintsTheVersion() throws Exception {
        try (AgentProcess agent = AgentProcess.startLauncher(dir, Map.of(), "--version")) {
            assertThat(agent.waitFor(Duration.ofSeconds(60))).isZero();
            assertThat(agent.stdout()).startsWith("ilagent ").contains("(commit ");
        }
    }

    @Test
    void launcherIgnoresAnOldJavaHomeAndStillRuns() throws Exception {
        try (AgentProcess agent = AgentProcess.startLauncher(dir, Map.of("JAVA_HOME", "/nonexistent/jdk"), "--version")) {
            assertThat(agent.waitFor(Duration.ofSeconds(60))).isZero();
        }
    }

    @Test
    void oneShotCommandsPrintOnlyTheirOwnOutputWhileTheLauncherBuildsTheirClassArchive() throws Exception {
        for (Path archive : archives("ilagent-cli")) {
            Files.delete(archive); // so the runs below record, build and then use it (JDK 25+: an AOT cache)
        }
        for (int run = 1; run <= 3; run++) {
            try (AgentProcess agent = AgentProcess.startLauncher(dir, Map.of(), "--version")) {
                assertThat(agent.waitFor(Duration.ofSeconds(60))).isZero();
                assertThat(agent.stdout().lines().toList()).as("stdout of run " + run)
                        .singleElement().asString().startsWith("ilagent ");
            }
        }
        assertThat(archives("ilagent-cli")).isNotEmpty();
    }

    @Test
    void archivesGoToTheCacheDirectoryWhenOneIsGiven() throws Exception {
        Path cache = Files.createDirectory(dir.resolve("cache"));
        for (int run = 1; run <= 2; run++) {
            try (AgentProcess agent = AgentProcess.startLauncher(dir, Map.of("ILAGENT_CACHE_DIR", cache.toString()),
                    "queue", "list", "--help")) {
                assertThat(agent.waitFor(Duration.ofSeconds(60))).as("run " + run).isZero();
            }
        }
        assertThat(archives(cache, "ilagent-queue")).isNotEmpty();
        assertThat(archives(AgentProcess.jar().getParent(), "ilagent-queue")).isEmpty();
    }

    private static List<Path> archives(String prefix) throws IOException {
        return archives(AgentProcess.jar().getParent(), prefix);
    }

    private static List<Path> archives(Path where, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(where)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    @Test
    void daemonWithMqttHostButNoTopicExitsTwoNamingTheMissingFlags() throws Exception {
        try (AgentProcess agent = AgentProcess.startLauncher(dir, Map.of(), "daemon", "--mqtt_host", "localhost")) {
            assertThat(agent.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(agent.stderr())
                    .contains("-m/--mqtt_host needs at least one topic: -e/--event_topic, -r/--heartbeat_topic or --policy_topic")
                    .doesNotContain("Exception");
        }
    }
}
