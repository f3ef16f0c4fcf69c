package io.ilagent.source.mqtt;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real Mosquitto broker on a free loopback port, for one test class; without persistence unless asked. */
public final class Mosquitto implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final boolean persistent;
    private final List<String> listenerOptions;
    private Process process;

    private Mosquitto(Path dir, int port, boolean persistent, List<String> listenerOptions) {
        this.dir = dir;
        this.port = port;
        this.persistent = persistent;
        this.listenerOptions = listenerOptions;
    }

    public static Mosquitto start(Path dir) {
        return start(dir, false);
    }

    /** @param persistent keep sessions and retained messages across {@link #restart()} */
    public static Mosquitto start(Path dir, boolean persistent) {
        return start(dir, persistent, List.of());
    }

    /** @param listenerOptions extra lines for the listener, e.g. its TLS files */
    public static Mosquitto start(Path dir, boolean persistent, List<String> listenerOptions) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Mosquitto broker = new Mosquitto(dir, freePort(), persistent, listenerOptions);
        broker.startProcess();
        return broker;
    }

    public int port() {
        return port;
    }

    /** Stops the broker and starts it again on the same port; without persistence, sessions and retained messages are gone. */
    public void restart() {
        stopProcess();
        startProcess();
    }

    void stopProcess() {
        if (process != null) {
            process.destroy();
            await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
        }
    }

    void startProcess() {
        try {
            Path conf = dir.resolve("mosquitto.conf");
            List<String> lines = new java.util.ArrayList<>(List.of("listener " + port + " 127.0.0.1"));
            lines.addAll(listenerOptions);
            Files.writeString(conf, String.join("\n", lines) + "\n" + String.join("\n", List.of(
                    "allow_anonymous true",
                    "persistence " + persistent,
                    "persistence_location " + dir + "/",
                    // Started as root, mosquitto would switch to its own user, which cannot write the test's directory.
                    "user root",
                    "log_dest stderr",
                    "log_type error",
                    "log_type warning",
                    "log_type notice",
                    "")));
            process = new ProcessBuilder("mosquitto", "-c", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto (apt-get install mosquitto)", e);
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(this::accepts);
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stopProcess();
    }
}
