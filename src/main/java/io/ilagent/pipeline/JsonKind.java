package io.ilagent.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Names a JSON value's type for rejection reasons ("got a number"). */
public final class JsonKind {
    private JsonKind() {}

    public static String of(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
