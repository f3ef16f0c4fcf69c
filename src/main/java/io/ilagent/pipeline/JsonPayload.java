package io.ilagent.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Turns raw MQTT/Kafka payload bytes into a JSON object, the first step of every mapper. */
final class JsonPayload {

    private JsonPayload() {}

    static Mapped<ObjectNode> parseObject(byte[] payload) {
        return switch (JsonDocument.read(payload)) {
            case JsonDocument.Read.Refused refused -> Mapped.rejected("payload " + refused.reason());
            case JsonDocument.Read.Document(ObjectNode object) -> Mapped.accepted(object);
            case JsonDocument.Read.Document document ->
                    Mapped.rejected("payload must be a JSON object, got " + JsonKind.of(document.root()));
        };
    }
}
