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

/** A real Mosquitto broker on a free loopback port, without persistence, for one test class. */
final class Mosquitto implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private Mosquitto(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static Mosquitto start(Path dir) {
        Mosquitto broker = new Mosquitto(dir, freePort());
        broker.startProcess();
        return broker;
    }

    int port() {
        return port;
    }

    /** Stops the broker (sessions and retained messages are gone: persistence is off) and starts it again on the same port. */
    void restart() {
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
            Files.writeString(conf, String.join("\n", List.of(
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous true",
                    "persistence false",
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
