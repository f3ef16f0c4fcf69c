package io.ilagent.pipeline;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one JSON document from the bytes a source received: the one reader of HTTP bodies and MQTT/Kafka
 * payloads, so the same bytes get the same verdict and the same reason on every source (they once disagreed:
 * fuzz finding 4). It accepts what ilagent 0.9.0 (serde_json) accepted: UTF-8 without a byte order mark, one
 * value and nothing after it, numbers that fit a 64-bit float, and strings that are Unicode: no lone surrogate
 * (a backslash-u escape of D800-DFFF without its pair), which no UTF-8 text can carry to the outbox or to ilert.
 */
public final class JsonDocument {
    private static final ObjectMapper JSON = FiniteNumbers.applyTo(new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));

    /** What reading gave: the document, or why it is refused (a phrase that follows "payload"/"body"). */
    public sealed interface Read {
        record Document(JsonNode root) implements Read {}

        record Refused(String reason) implements Read {}
    }

    private JsonDocument() {}

    public static Read read(byte[] bytes) {
        // Decoded first, strictly, and parsed as text: Jackson's byte parser takes overlong and surrogate
        // byte sequences and guesses UTF-16/32 from zero bytes, which serde_json refused.
        CharBuffer text = CharBuffer.allocate(bytes.length);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = utf8.decode(in, text, true);
        if (result.isError() || utf8.flush(text).isError()) {
            return new Read.Refused("is not valid UTF-8 (byte " + (in.position() + 1) + " of " + bytes.length + ")");
        }
        String json = text.flip().toString();
        if (json.isBlank()) {
            return new Read.Refused("is empty: expected a JSON object");
        }
        if (json.charAt(0) == '\uFEFF') {
            return new Read.Refused("starts with a byte order mark (EF BB BF): send the JSON without it");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return new Read.Refused("is not valid JSON: " + FiniteNumbers.refusal(e).orElseGet(() -> describe(e)));
        } catch (RuntimeException e) {
            return new Read.Refused("is not valid JSON: " + FiniteNumbers.refusal(e).orElseThrow(() -> e));
        }
        return loneSurrogate(root, "")
                .<Read>map(where -> new Read.Refused("is not valid JSON: " + where + " holds a lone surrogate escape"
                        + " (\\ud800-\\udfff without its pair), which is no Unicode character; escape a character"
                        + " beyond U+FFFF as a pair, e.g. \\ud83d\\ude00"))
                .orElseGet(() -> new Read.Document(root));
    }

    /**
     * One line for a JSON error. Some errors carry no location, e.g. a document nested deeper than
     * Jackson's limit of 1000, so it is added only when present.
     */
    public static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return e.getOriginalMessage() + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }

    /** Where the first field name or string with an unpaired surrogate is, e.g. "a field name at 'a.b'". */
    private static Optional<String> loneSurrogate(JsonNode node, String path) {
        if (node.isTextual()) {
            return unpaired(node.textValue()) ? Optional.of(at("the string", path)) : Optional.empty();
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (unpaired(field.getKey())) {
                    return Optional.of(at("a field name", path));
                }
                Optional<String> inside = loneSurrogate(field.getValue(), at);
                if (inside.isPresent()) {
                    return inside;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> inside = loneSurrogate(node.get(i), path + "[" + i + "]");
                if (inside.isPresent()) {
                    return inside;
                }
            }
        }
        return Optional.empty();
    }

    private static String at(String what, String path) {
        // A path is the sender's own keys: cut, so a huge key cannot make a huge dead-letter reason.
        String shown = path.length() > 100 ? path.substring(0, 100) + "..." : path;
        return path.isEmpty() ? what + " at the top level" : what + " at '" + shown + "'";
    }

    static boolean unpaired(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
