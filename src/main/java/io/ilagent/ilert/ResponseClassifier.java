package io.ilagent.ilert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * The one place that decides what an answer from ilert means: any 2xx is success; network
 * errors, timeouts, 429 and 5xx are worth retrying (with the server's Retry-After when it sent
 * one); everything else is a permanent failure with a reason. Reasons name the call and at most
 * ilert's scheme, host and port, never a path, query or header, so no key can leak through them.
 */
public final class ResponseClassifier {
    private static final int MAX_BODY_IN_REASON = 200;
    private final Supplier<ObjectMapper> json;
    private final Clock clock;

    /** @param json asked for only when an error body is to be read */
    public ResponseClassifier(Supplier<ObjectMapper> json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** Classifies a completed HTTP exchange. Success carries no value: the caller parses the body. */
    public <T> Outcome<T> classify(String call, int status, String body, HttpHeaders headers) {
        if (status >= 200 && status < 300) {
            return new Outcome.Success<>(null, status);
        }
        String detail = "ilert answered HTTP " + status + errorText(body);
        if (status == 429) {
            return new Outcome.RetryLater<>(call + ": rate limited, " + detail, status, retryAfter(headers));
        }
        if (status >= 500) {
            return new Outcome.RetryLater<>(call + ": " + detail, status, retryAfter(headers));
        }
        if (status >= 300 && status < 400) {
            return new Outcome.Failed<>(call + ": " + detail
                    + " (a redirect; redirects are not followed, check --ilert_url / --ilert_beat_url)", status);
        }
        return new Outcome.Failed<>(call + ": " + detail, status);
    }

    /**
     * Classifies a call that got no HTTP answer at all. The reason names where ilert was looked for
     * (scheme, host and port only: a path can hold an integration key) and why it was not reached.
     */
    public <T> Outcome<T> classify(String call, URI target, IOException error) {
        return new Outcome.RetryLater<>(call + ": cannot reach ilert at " + origin(target) + ": " + cause(error), 0,
                Optional.empty());
    }

    static String origin(URI target) {
        return target.getScheme() + "://" + target.getHost() + (target.getPort() < 0 ? "" : ":" + target.getPort());
    }

    /** Why no answer came, in words: the JDK client wraps the telling exception in a general one. */
    static String cause(IOException error) {
        if (error instanceof HttpConnectTimeoutException) {
            return "connect timeout";
        }
        if (error instanceof HttpTimeoutException) {
            return "no answer within the request timeout";
        }
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        // The telling cause is the innermost: a refused connect and an unresolved name both arrive as ConnectException.
        for (Throwable t : chain.reversed()) {
            String known = switch (t) {
                case UnknownHostException u -> "unknown host";
                case UnresolvedAddressException u -> "unknown host";
                case NoRouteToHostException n -> "no route to host";
                case SSLException ssl -> "TLS failed: " + ssl.getMessage();
                case ConnectException c -> "connection refused";
                case SocketException so when so.getMessage() != null -> so.getMessage().toLowerCase(Locale.ROOT);
                case EOFException eof -> "the connection closed without an answer";
                default -> null;
            };
            if (known != null) {
                return known;
            }
        }
        return error.getMessage() == null || error.getMessage().isBlank() ? "network error" : error.getMessage();
    }

    Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::strip);
        if (value.isEmpty() || value.get().isEmpty()) {
            return Optional.empty();
        }
        String v = value.get();
        try {
            long seconds = Long.parseLong(v);
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip();
        try {
            JsonNode node = json.get().readTree(text);
            if (node != null && node.isObject()) {
                JsonNode message = node.hasNonNull("message") ? node.get("message") : node.get("error");
                if (message != null && message.isTextual()) {
                    text = message.asText();
                }
            }
        } catch (IOException notJson) {
            // plain-text error bodies are common (proxies, 5xx pages); use them as they are
        }
        text = text.replaceAll("\\s+", " ");
        return ": " + (text.length() > MAX_BODY_IN_REASON ? text.substring(0, MAX_BODY_IN_REASON) + "…" : text);
    }
}
