package io.ilagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
    void daemonWithMqttHostButNoTopicExitsTwoNamingTheMissingFlags() throws Exception {
        try (AgentProcess agent = AgentProcess.startLauncher(dir, Map.of(), "daemon", "--mqtt_host", "localhost")) {
            assertThat(agent.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(agent.stderr())
                    .contains("-m/--mqtt_host needs at least one topic: -e/--event_topic, -r/--heartbeat_topic or --policy_topic")
                    .doesNotContain("Exception");
        }
    }
}
