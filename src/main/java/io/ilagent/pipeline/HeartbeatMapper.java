package io.ilagent.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Maps a heartbeat message ({@code {"integrationKey": "..."}}, alias {@code apiKey}) to a
 * {@link Ping}. Filters and mappings do not apply, as in ilagent 0.9.0; extra fields are ignored.
 */
public final class HeartbeatMapper {

    public Mapped<Ping> map(byte[] payload) {
        return switch (JsonPayload.parseObject(payload)) {
            case Mapped.Accepted<ObjectNode> json -> map(json.value());
            case Mapped<ObjectNode> other -> other.notAccepted();
        };
    }

    private static Mapped<Ping> map(ObjectNode json) {
        return switch (PayloadFields.integrationKey(json)) {
            case PayloadField.Present<String> key when !key.value().isEmpty() -> Mapped.accepted(new Ping(key.value()));
            case PayloadField.Invalid<String> invalid -> Mapped.rejected(invalid.reason());
            default -> Mapped.rejected("no integration key: a heartbeat message needs a non-empty string"
                    + " 'integrationKey' (or 'apiKey')");
        };
    }
}
