package io.ilagent.pipeline;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Turns raw payload bytes into a JSON object, the first step of every mapper. */
public final class JsonPayload {
    // Trailing content ("{} x") is an error, as with ilagent's serde_json.
    private static final ObjectMapper JSON = FiniteNumbers.applyTo(new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));

    private JsonPayload() {}

    static Mapped<ObjectNode> parseObject(byte[] payload) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            return Mapped.rejected("payload is not valid UTF-8");
        }
        if (text.isBlank()) {
            return Mapped.rejected("payload is empty: expected a JSON object");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Mapped.rejected("payload is not valid JSON: " + FiniteNumbers.refusal(e).orElseGet(() -> describe(e)));
        } catch (RuntimeException e) {
            return Mapped.rejected("payload is not valid JSON: " + FiniteNumbers.refusal(e).orElseThrow(() -> e));
        }
        if (root instanceof ObjectNode object) {
            return Mapped.accepted(object);
        }
        return Mapped.rejected("payload must be a JSON object, got " + JsonKind.of(root));
    }

    /**
     * One line for a JSON error. Some errors carry no location, e.g. a document nested deeper than
     * Jackson's limit of 1000, so it is added only when present.
     */
    public static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return e.getOriginalMessage() + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }
}
