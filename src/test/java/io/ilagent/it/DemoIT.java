package io.ilagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/demo, a newcomer's first command: a policy update happens, and everything it started is stopped. */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void demoShowsLevelOneMovingFromBobToAliceAndTheHistoryLineThenStopsWhatItStarted() throws Exception {
        Path out = dir.resolve("demo.out");
        Path err = dir.resolve("demo.err");
        ProcessBuilder pb = new ProcessBuilder(AgentProcess.repoRoot().resolve("bin/demo").toString())
                .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("TMPDIR", dir.toString());
        pb.environment().remove("ILERT_API_KEY");
        Process demo = pb.start();
        Set<ProcessHandle> started = new HashSet<>();
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(15)); // the first run compiles and builds
        while (!demo.waitFor(100, TimeUnit.MILLISECONDS)) { // notes every process it starts, to check they end with it
            demo.descendants().forEach(started::add);
            if (Instant.now().isAfter(giveUp)) {
                demo.descendants().forEach(ProcessHandle::destroyForcibly);
                demo.destroyForcibly();
                throw new AssertionError("bin/demo did not end within 15 minutes; stdout: " + read(out) + " stderr: " + read(err));
            }
        }
        assertThat(demo.exitValue()).as("exit code; stderr: " + read(err)).isZero();
        assertThat(read(out)).contains(
                "before: level 1 of 'powerplant': bob@example.com (user 1002), escalation timeout 10 min",
                "after:  level 1 of 'powerplant': alice@example.com (user 1001), escalation timeout 10 min");
        assertThat(read(out).lines()).anyMatch(l -> l.matches(
                "\\s+\\S+ \\S+\\s+APPLIED\\s+powerplant\\s+1\\s+5001\\s+\\[1002]\\s+1001\\s+alice@example\\.com\\s+mqtt:user/logins.*"));
        assertThat(started).as("processes the demo started").isNotEmpty().noneMatch(ProcessHandle::isAlive);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("its work directory is removed")
                    .noneMatch(name -> name.startsWith("ilagent-demo."));
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
