package io.ilagent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.WorkItem;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The database file as the operating system sees it: its mode, its lock, a file the agent must not touch. */
class DatabaseFileIT {
    private static final String KEY = "il1api0123456789abcdef";
    private static final String EVENT = "{\"integrationKey\":\"" + KEY + "\",\"eventType\":\"ALERT\",\"summary\":\"disk full\"}";
    private static final Duration EXIT = Duration.ofSeconds(30);

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    @TempDir
    Path dir;

    private IlertSimulator sim;
    private Path file;

    @BeforeEach
    void setUp() {
        sim = ilert.sim();
        file = dir.resolve("agent.db3");
    }

    @Test
    void aSecondDaemonOnTheSameFileExitsOneAtOnceWhileTheFirstKeepsWorking() throws Exception {
        int port = Agent.freePort();
        try (AgentProcess first = Agent.daemon(dir, sim, Map.of(), "-p", String.valueOf(port))) {
            Agent.awaitReady(port, first);
            try (AgentProcess second = Agent.daemon(dir, sim, Map.of(), "-p", String.valueOf(Agent.freePort()))) {
                assertThat(second.waitFor(EXIT)).isEqualTo(1);
                assertThat(second.stderr()).contains("another ilagent daemon is running on " + file + " (it holds "
                        + file + ".lock): stop it first, or give this daemon its own file with -f FILE");
                assertThat(second.stderr()).doesNotContain("Exception", "\tat ");
            }
            assertThat(Agent.postEvent(port, EVENT).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> sim.events().size() == 1);
            try (AgentProcess list = Agent.cli(dir, "queue", "list")) {
                assertThat(list.waitFor(EXIT)).isZero();
                assertThat(list.stdout()).contains("Waiting items: 0");
            }
            first.terminate();
            assertThat(first.waitFor(EXIT)).isZero();
        }
    }

    @Test
    void aFreshDaemonCreatesTheFileItsCompanionsAndItsLockOwnerOnlyWhateverTheUmask() throws Exception {
        int port = Agent.freePort();
        List<String> permissiveUmask = List.of("sh", "-c", "umask 000 && exec \"$@\"", "sh");
        try (AgentProcess agent = AgentProcess.startJarVia(dir, permissiveUmask, "-f", file.toString(), "daemon",
                "-p", String.valueOf(port), "--ilert_url", sim.baseUrl(), "--ilert_beat_url", sim.baseUrl())) {
            Agent.awaitReady(port, agent);
            assertThat(Agent.postEvent(port, EVENT).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> sim.events().size() == 1);

            for (String suffix : List.of("", "-wal", "-shm", ".lock")) {
                Path p = Path.of(file + suffix);
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
                        .isEqualTo("rw-------");
            }
            agent.terminate();
            assertThat(agent.waitFor(EXIT)).isZero();
        }
    }

    @Test
    void theDaemonRefusesAFileThatIsNotSqliteWithOneLineAndLeavesItAsItWas() throws Exception {
        Files.writeString(file, "mqtt_host: localhost\n");

        assertDaemonRefuses(file + " is not an SQLite database: pass the daemon's file with -f FILE; "
                + "ilagent has not changed it", "");
    }

    @Test
    void theDaemonRefusesAFileFromANewerAgentWithOneLineAndLeavesItAsItWas() throws Exception {
        Database.open(file, Clock.systemUTC()).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_migrations VALUES (99, 'from the future', '2030-01-01T00:00:00Z')");
        }

        assertDaemonRefuses(file + " was written by a newer ilagent (schema version 99, this one knows up to ",
                "): run that version or a newer one; ilagent has not changed it");
    }

    @Test
    void readOnlyCommandsWorkAsAnotherUserOnAFileInAReadOnlyDirectory() throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/setpriv"))).as("setpriv is installed").isTrue();
        assumeThat(Files.readAllLines(Path.of("/etc/passwd"))).as("a 'nobody' user exists")
                .anyMatch(l -> l.startsWith("nobody:x:65534:"));
        long id;
        try (Database db = Database.open(file, Clock.systemUTC())) {
            id = new DeadLetters(db, Clock.systemUTC()).reject(
                    WorkItem.ordered(ItemKind.EVENT, "event:" + KEY + "/", EVENT, "http"), "HTTP 400: no summary", "deliver");
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        byte[] before = Files.readAllBytes(file);
        List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");

        for (String[] command : List.of(new String[] {"queue", "list"}, new String[] {"queue", "show", String.valueOf(id)},
                new String[] {"policy", "history"})) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("-f", file.toString()),
                    java.util.Arrays.stream(command)).toArray(String[]::new);
            try (AgentProcess cli = AgentProcess.startJarVia(dir, asNobody, args)) {
                assertThat(cli.waitFor(EXIT)).as(String.join(" ", command) + ": " + cli.stderr()).isZero();
                assertThat(cli.stdout()).containsAnyOf("HTTP 400: no summary", "No policy updates recorded yet.");
            }
        }

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Path.of(file + "-wal")).doesNotExist();
        assertThat(Path.of(file + "-shm")).doesNotExist();
    }

    private void assertDaemonRefuses(String lineStart, String lineEnd) throws Exception {
        byte[] before = Files.readAllBytes(file);
        try (AgentProcess agent = Agent.daemon(dir, sim, Map.of(), "-p", String.valueOf(Agent.freePort()))) {
            assertThat(agent.waitFor(EXIT)).isEqualTo(1);
            assertThat(agent.stderr().lines().filter(l -> l.contains(file.toString()))).singleElement()
                    .satisfies(l -> assertThat(l.substring(l.indexOf(" - ") + 3)).startsWith(lineStart).endsWith(lineEnd));
            assertThat(agent.stderr()).doesNotContain("Exception", "\tat ");
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Path.of(file + "-wal")).doesNotExist();
    }
}
