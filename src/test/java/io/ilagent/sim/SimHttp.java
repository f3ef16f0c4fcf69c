package io.ilagent.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain JDK HTTP calls for the simulator's own tests, so they do not depend on the agent's client. */
final class SimHttp {
    static final String AUTH = "Bearer " + IlertSimulator.DEFAULT_API_KEY;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    SimHttp(IlertSimulator sim) {
        this.baseUrl = sim.baseUrl();
    }

    HttpResponse<String> send(String method, String path, String body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> post(String path, String body) {
        return send("POST", path, body, null);
    }

    HttpResponse<String> rest(String method, String path, String body) {
        return send(method, path, body, AUTH);
    }

    /** Sends and returns the exception the client threw, for calls that must get no answer. */
    IOException failure(String method, String path, String body) {
        try {
            send(method, path, body, null);
        } catch (UncheckedIOException e) {
            return e.getCause();
        }
        throw new AssertionError(method + " " + path + " got an answer");
    }
}
