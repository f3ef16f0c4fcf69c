package io.ilagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    @Test
    void theDaemonLoadsSqlitesLibraryFromTheCacheAndStartsNoProgram() throws Exception {
        Path cache = Files.createDirectory(dir.resolve("cache"));
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        int port = Agent.freePort();
        try (AgentProcess agent = AgentProcess.startLauncher(dir, Map.of("ILAGENT_CACHE_DIR", cache.toString(),
                        "ILAGENT_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp),
                "-f", dir.resolve("agent.db3").toString(), "daemon", "-p", String.valueOf(port),
                "--ilert_url", "http://127.0.0.1:9")) {
            Agent.awaitReady(port, agent);

            List<Path> libraries = archives(cache, "sqlite-");
            assertThat(libraries).singleElement().asString().endsWith("-libsqlitejdbc.so");
            assertThat(Files.readString(Path.of("/proc", String.valueOf(agent.pid()), "maps")))
                    .contains(libraries.getFirst().toString());
            try (Stream<Path> files = Files.list(tmp)) {
                assertThat(files).as("no copy of the library in the temporary directory").isEmpty();
            }
            // the driver's `uname -o` left a "process reaper" thread behind in every daemon
            try (Stream<Path> threads = Files.list(Path.of("/proc", String.valueOf(agent.pid()), "task"))) {
                assertThat(threads.map(t -> readOrEmpty(t.resolve("comm")).strip()))
                        .isNotEmpty().doesNotContain("process reaper");
            }
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException threadEnded) {
            return "";
        }
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

    /**
     * Slow (one Maven build without the tests: about a minute, three on a busy machine): a clone of this checkout gets this build's jar, then a
     * new commit; the launcher must notice, rebuild once saying why, and then report the new commit.
     */
    @Test
    void launcherRebuildsTheJarAfterANewCommitAndThenShowsThatCommit() throws Exception {
        Path clone = dir.resolve("clone");
        run(dir, "git", "clone", "-q", AgentProcess.repoRoot().toString(), clone.toString());
        Files.createDirectories(clone.resolve("target"));
        Files.copy(AgentProcess.jar(), clone.resolve("target/ilagent.jar"));
        run(clone, "git", "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "--allow-empty",
                "-m", "a commit the jar does not have");
        String head = run(clone, "git", "rev-parse", "--short=8", "HEAD").strip();

        Process first = launch(clone);
        assertThat(first.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(first.exitValue()).isZero();
        assertThat(launcherLines(clone)).singleElement().asString()
                .startsWith("ilagent: rebuilding ").contains("commit " + head);
        assertThat(new String(first.getInputStream().readAllBytes())).contains("(commit " + head + ")");

        Process second = launch(clone);
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launcherLines(clone)).isEmpty();
        assertThat(new String(second.getInputStream().readAllBytes())).contains("(commit " + head + ")");
    }

    private static Process launch(Path clone) throws IOException {
        ProcessBuilder launcher = new ProcessBuilder(clone.resolve("bin/ilagent").toString(), "--version")
                .directory(clone.toFile()).redirectError(clone.resolve("launcher.err").toFile());
        launcher.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return launcher.start();
    }

    /** The launcher's own lines on stderr (the JVM may add one about its class archive). */
    private static List<String> launcherLines(Path clone) throws IOException {
        return Files.readAllLines(clone.resolve("launcher.err")).stream().filter(line -> line.startsWith("ilagent: ")).toList();
    }

    private static String run(Path where, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(where.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
