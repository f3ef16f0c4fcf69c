package io.ilagent.sim;

import java.util.Map;

/** What a handler answers; {@code body} is JSON text or empty. */
record SimResponse(int status, String body, Map<String, String> headers) {
    SimResponse {
        body = body == null ? "" : body;
        headers = Map.copyOf(headers);
    }

    static SimResponse of(int status, String body) {
        return new SimResponse(status, body, Map.of());
    }

    static SimResponse error(int status, String message) {
        return of(status, Json.write(Json.object("status", status, "message", message)));
    }
}
