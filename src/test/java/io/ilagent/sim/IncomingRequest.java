package io.ilagent.sim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A request as read off the wire, before anything is decided about it. */
record IncomingRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, String body) {

    IncomingRequest {
        rawQuery = rawQuery == null ? "" : rawQuery;
        body = body == null ? "" : body;
        headers = Map.copyOf(headers);
    }

    String header(String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().getFirst())
                .findFirst().orElse(null);
    }

    Map<String, List<String>> queryParams() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    String queryParam(String name) {
        List<String> values = queryParams().get(name);
        return values == null ? null : values.getFirst();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
