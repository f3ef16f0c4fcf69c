package io.ilagent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Trying it without an ilert account" block, taken from README.md itself and run with bash as a
 * user who pastes it would: the policy update happens and the block stops what it started.
 */
class ReadmeWalkthroughIT {
    private static final String HEADING = "## Trying it without an ilert account";
    private static final List<Integer> PORTS = List.of(18080, 18830, 18977);

    @TempDir
    Path dir;

    @Test
    void pastedWalkthroughPutsAliceOnLevelOneAndStopsWhatItStarted() throws Exception {
        for (String tool : List.of("mosquitto", "mosquitto_pub", "curl")) {
            assumeTrue(onPath(tool), tool + " is not installed (apt-get install mosquitto mosquitto-clients curl)");
        }
        for (int port : PORTS) {
            assertThat(isFree(port)).as("port " + port + ", which the README block uses, is free").isTrue();
        }
        Path out = dir.resolve("walkthrough.out");
        Path err = dir.resolve("walkthrough.err");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", walkthroughBlock())
                .directory(AgentProcess.repoRoot().toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("PATH", System.getenv("PATH") + File.pathSeparator + "/usr/sbin");
        pb.environment().put("TMPDIR", dir.toString());
        pb.environment().remove("ILERT_API_KEY");
        Process bash = pb.start();
        List<ProcessHandle> started = awaitEnd(bash, out, err);

        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as("exit code; stdout: " + stdout + "; stderr: " + Files.readString(err)).isZero();
        String before = stdout.substring(0, stdout.indexOf("APPLIED"));
        String after = stdout.substring(stdout.indexOf("APPLIED"));
        assertThat(before).contains("{\"escalationTimeout\":10,\"users\":[{\"id\":1002}]}");
        assertThat(after.lines().findFirst().orElseThrow())
                .matches(".*APPLIED\\s+powerplant\\s+1\\s+\\d+\\s+\\[1002]\\s+1001\\s+alice@example\\.com.*");
        assertThat(after).as("the state printed after the update")
                .containsPattern("\\{\"escalationTimeout\":10,\"users\":\\[\\{\"id\":1001[,}]");
        assertThat(started).as("processes the block started").isNotEmpty().noneMatch(ProcessHandle::isAlive);
        for (int port : PORTS) {
            assertThat(isFree(port)).as("port " + port + " is free again").isTrue();
        }
    }

    /** The first sh block under the heading, as a user would copy it. */
    static String walkthroughBlock() throws IOException {
        String readme = Files.readString(AgentProcess.repoRoot().resolve("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf(HEADING);
        assertThat(section).as("README.md has the section " + HEADING).isNotNegative();
        int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private static List<ProcessHandle> awaitEnd(Process bash, Path out, Path err) throws Exception {
        java.util.Set<ProcessHandle> started = new java.util.HashSet<>();
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(15)); // a first run compiles the test code and the jar
        while (!bash.waitFor(100, TimeUnit.MILLISECONDS)) {
            bash.descendants().forEach(started::add);
            if (Instant.now().isAfter(giveUp)) {
                bash.descendants().forEach(ProcessHandle::destroyForcibly);
                bash.destroyForcibly();
                throw new AssertionError("the README block did not end within 15 minutes; stdout: "
                        + Files.readString(out) + " stderr: " + Files.readString(err));
            }
        }
        return List.copyOf(started);
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String program) {
        return Stream.of((System.getenv("PATH") + File.pathSeparator + "/usr/sbin").split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }
}
