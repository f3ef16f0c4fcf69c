package io.ilagent.ilert;

import java.net.URI;
import java.time.Duration;

/**
 * Where ilert lives and how long to wait for it. Base URLs without the {@code /api} prefix,
 * e.g. {@code https://api.ilert.com}; a trailing slash is tolerated.
 */
public record IlertEndpoints(URI apiBase, URI beatBase, Duration connectTimeout, Duration requestTimeout) {
    public static final String DEFAULT_API_URL = "https://api.ilert.com";
    public static final String DEFAULT_BEAT_URL = "https://beat.ilert.com";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(25);

    public IlertEndpoints {
        apiBase = withoutTrailingSlash(apiBase);
        beatBase = withoutTrailingSlash(beatBase);
    }

    public static IlertEndpoints defaults() {
        return of(DEFAULT_API_URL, DEFAULT_BEAT_URL);
    }

    public static IlertEndpoints of(String apiBase, String beatBase) {
        return new IlertEndpoints(URI.create(apiBase), URI.create(beatBase),
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    URI api(String pathAndQuery) {
        return URI.create(apiBase + "/api" + pathAndQuery);
    }

    URI beat(String pathAndQuery) {
        return URI.create(beatBase + "/api" + pathAndQuery);
    }

    private static URI withoutTrailingSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }
}
