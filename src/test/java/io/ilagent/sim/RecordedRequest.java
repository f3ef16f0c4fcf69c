package io.ilagent.sim;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request the simulator received and what it answered. {@code status} is 0 when the
 * connection was dropped on purpose. Header names are lower-case.
 */
public record RecordedRequest(Instant time, String method, String path, String query,
                              Map<String, List<String>> headers, String body, int status) {

    public RecordedRequest {
        TreeMap<String, List<String>> lower = new TreeMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        headers = java.util.Collections.unmodifiableMap(lower);
        query = query == null ? "" : query;
        body = body == null ? "" : body;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** Headers as they may be shown: the Authorization secret is masked so no key ends up in test output. */
    public Map<String, List<String>> redactedHeaders() {
        TreeMap<String, List<String>> copy = new TreeMap<>(headers);
        copy.computeIfPresent("authorization", (k, v) -> v.stream().map(RecordedRequest::mask).toList());
        return copy;
    }

    /** One line for logs: never contains header values. */
    public String oneLine() {
        return time + " " + method + " " + path + (query.isEmpty() ? "" : "?" + query)
                + " -> " + (status == 0 ? "dropped" : String.valueOf(status))
                + (body.isEmpty() ? "" : " (" + body.length() + " bytes)");
    }

    @Override
    public String toString() {
        return "RecordedRequest[" + oneLine() + ", headers=" + redactedHeaders() + "]";
    }

    static String mask(String authorization) {
        int space = authorization.indexOf(' ');
        return (space > 0 ? authorization.substring(0, space + 1) : "") + "****";
    }
}
