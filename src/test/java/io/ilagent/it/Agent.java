package io.ilagent.it;

import static org.awaitility.Awaitility.await;

import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetter;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.OutboxItem;
import io.ilagent.delivery.SupersededListener;
import io.ilagent.sim.IlertSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts real agent processes against a simulator and reads their database the way an operator would. */
final class Agent {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Agent() {}

    static AgentProcess daemon(Path dir, IlertSimulator sim, Map<String, String> env, String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of("-vv", "-f", dir.resolve("agent.db3").toString(), "daemon",
                "--ilert_url", sim.baseUrl(), "--ilert_beat_url", sim.baseUrl(), "--shutdown_timeout", "10"));
        args.addAll(List.of(flags));
        return AgentProcess.startJar(dir, env, args.toArray(String[]::new));
    }

    /** Runs a one-shot command of the agent on the same database file and returns its output. */
    static AgentProcess cli(Path dir, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("-f", dir.resolve("agent.db3").toString()));
        all.addAll(List.of(args));
        return AgentProcess.startJar(dir, Map.of(), all.toArray(String[]::new));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void awaitReady(int port, AgentProcess agent) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!agent.isAlive()) {
                throw new AssertionError("agent exited: " + agent.stderr());
            }
            return status(get(port, "/ready")) == 204;
        });
    }

    /** The daemon's /ready answer, or null while it does not answer. */
    static HttpResponse<String> ready(int port) {
        return get(port, "/ready");
    }

    static HttpResponse<String> postEvent(int port, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static int status(HttpResponse<String> response) {
        return response == null ? 0 : response.statusCode();
    }

    static List<OutboxItem> pending(Path dir) {
        try (Database db = Database.open(dir.resolve("agent.db3"), Clock.systemUTC())) {
            return new Outbox(db, Clock.systemUTC(), SupersededListener.NONE).pending(100);
        }
    }

    static List<DeadLetter> deadLetters(Path dir) {
        try (Database db = Database.open(dir.resolve("agent.db3"), Clock.systemUTC())) {
            return new DeadLetters(db, Clock.systemUTC()).list(100);
        }
    }
}
