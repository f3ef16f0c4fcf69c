package io.ilagent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real agent as its own process: through {@code bin/ilagent}, or straight from the built jar.
 * Output goes to files so a long-running daemon never blocks on a full pipe.
 */
public final class AgentProcess implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;

    private AgentProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    public static Path repoRoot() {
        return Path.of("").toAbsolutePath();
    }

    public static Path jar() {
        return Path.of(System.getProperty("ilagent.jar", "target/ilagent.jar")).toAbsolutePath();
    }

    /** Starts {@code java -jar ilagent.jar args} with the test JVM's own java. */
    public static AgentProcess startJar(Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return start(workDir, env, cmd);
    }

    /**
     * Starts {@code java -jar ilagent.jar args} through {@code wrapper}, a command that ends by running
     * its arguments: {@code setpriv} to run as another user, {@code sh -c 'umask 000 && exec "$@"' sh}.
     */
    public static AgentProcess startJarVia(Path workDir, List<String> wrapper, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return start(workDir, Map.of(), cmd);
    }

    /** Starts {@code bin/ilagent args}, the launcher a user runs. */
    public static AgentProcess startLauncher(Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(repoRoot().resolve("bin/ilagent").toString()));
        cmd.addAll(List.of(args));
        return start(workDir, env, cmd);
    }

    private static AgentProcess start(Path workDir, Map<String, String> env, List<String> cmd) throws IOException {
        Path out = Files.createTempFile(workDir, "agent", ".out");
        Path err = Files.createTempFile(workDir, "agent", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("ILERT_API_KEY");
        pb.environment().remove("ILERT_INTEGRATION_KEY");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        return new AgentProcess(pb.start(), out, err);
    }

    /** Waits for the process to end and returns its exit code; fails the test if it does not end in time. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("agent did not exit within " + timeout + "; stderr: " + stderr());
        }
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL. */
    public void kill() {
        process.destroyForcibly();
    }

    public String stdout() {
        return read(out);
    }

    public String stderr() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e.getMessage() + ">";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
