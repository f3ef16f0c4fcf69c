package io.ilagent.cli;

import io.ilagent.ilert.IlertEndpoints;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where ilert is and how long to wait for it; shared by every command that talks to ilert. */
public final class IlertOptions {
    @Option(names = "--ilert_url", paramLabel = "URL",
            description = "ilert API base URL (env ILERT_API_URL; default " + IlertEndpoints.DEFAULT_API_URL + ").")
    String apiUrl;

    @Option(names = "--ilert_beat_url", paramLabel = "URL",
            description = "ilert heartbeat host for pings (env ILERT_BEAT_URL; default "
                    + IlertEndpoints.DEFAULT_BEAT_URL + ").")
    String beatUrl;

    @Option(names = "--ilert_timeout", paramLabel = "SECONDS", defaultValue = "25",
            description = "Time to wait for each ilert answer (default: ${DEFAULT-VALUE}).")
    int requestTimeoutSeconds;

    @Option(names = "--ilert_connect_timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Time to wait for a connection to ilert (default: ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds;

    /** Flags win over the environment, which wins over the production hosts. */
    IlertEndpoints endpoints(Environment env) {
        List<String> problems = new ArrayList<>();
        URI api = url("--ilert_url", Environment.API_URL,
                Optional.ofNullable(apiUrl).or(() -> env.get(Environment.API_URL)).orElse(IlertEndpoints.DEFAULT_API_URL),
                problems);
        URI beat = url("--ilert_beat_url", Environment.BEAT_URL,
                Optional.ofNullable(beatUrl).or(() -> env.get(Environment.BEAT_URL)).orElse(IlertEndpoints.DEFAULT_BEAT_URL),
                problems);
        if (requestTimeoutSeconds < 1) {
            problems.add("--ilert_timeout must be at least 1 second, got " + requestTimeoutSeconds);
        }
        if (connectTimeoutSeconds < 1) {
            problems.add("--ilert_connect_timeout must be at least 1 second, got " + connectTimeoutSeconds);
        }
        if (!problems.isEmpty()) {
            throw new UsageError(problems);
        }
        return new IlertEndpoints(api, beat, Duration.ofSeconds(connectTimeoutSeconds),
                Duration.ofSeconds(requestTimeoutSeconds));
    }

    private static URI url(String flag, String envName, String value, List<String> problems) {
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getUserInfo() == null) {
                return uri;
            }
        } catch (Exception invalid) {
            // reported below with the flag name
        }
        problems.add(flag + " (or " + envName + ") must be an http(s) URL like https://api.ilert.com, got '"
                + value + "'");
        return URI.create("http://invalid");
    }
}
