package io.ilagent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzzes the dot-path reader behind --map_key_*, --filter_key and the policy paths (bench/fuzz.sh) against a
 * plain reference walk. In a plain test run it replays the kept inputs in
 * src/test/resources/io/ilagent/pipeline/JsonPathFuzzTestInputs/.
 */
class JsonPathFuzzTest {
    // Few names, so that generated paths often meet generated keys; "a.b" and "" are the awkward ones.
    private static final String[] NAMES = {"a", "b", "data", "a.b", "", "0"};
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @FuzzTest
    void aDotPathFindsWhatAPlainWalkOverObjectKeysFinds(FuzzedDataProvider data) {
        String path = data.consumeBoolean() ? data.consumeString(12) : joinedNames(data);
        JsonNode root = node(data, 0);

        JsonPath parsed = JsonPath.of(path);

        assertThat(parsed.toString()).isEqualTo(path);
        Optional<JsonNode> found = parsed.find(root);
        Optional<JsonNode> expected = referenceFind(root, path);
        assertThat(found.isPresent()).as("found at '%s' in %s", path, root).isEqualTo(expected.isPresent());
        found.ifPresent(node -> assertThat(node).isSameAs(expected.get()));
    }

    private static String joinedNames(FuzzedDataProvider data) {
        int count = data.consumeInt(1, 4);
        StringBuilder path = new StringBuilder(data.pickValue(NAMES));
        for (int i = 1; i < count; i++) {
            path.append('.').append(data.pickValue(NAMES));
        }
        return path.toString();
    }

    private static JsonNode node(FuzzedDataProvider data, int depth) {
        int kind = depth >= 4 ? data.consumeInt(2, 6) : data.consumeInt(0, 6);
        return switch (kind) {
            case 0 -> {
                ObjectNode object = NODES.objectNode();
                int fields = data.consumeInt(0, 4);
                for (int i = 0; i < fields; i++) {
                    object.set(data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(3), node(data, depth + 1));
                }
                yield object;
            }
            case 1 -> {
                ArrayNode array = NODES.arrayNode();
                int items = data.consumeInt(0, 3);
                for (int i = 0; i < items; i++) {
                    array.add(node(data, depth + 1));
                }
                yield array;
            }
            case 2 -> NODES.textNode(data.consumeString(6));
            case 3 -> NODES.numberNode(data.consumeLong());
            case 4 -> NODES.booleanNode(data.consumeBoolean());
            case 5 -> NODES.nullNode();
            default -> NODES.numberNode(data.consumeDouble());
        };
    }

    /** Splits at every dot by hand and matches keys by comparing names, not through JsonNode.get. */
    private static Optional<JsonNode> referenceFind(JsonNode root, String path) {
        List<String> segments = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '.') {
                segments.add(path.substring(start, i));
                start = i + 1;
            }
        }
        JsonNode current = root;
        for (String segment : segments) {
            if (!(current instanceof ObjectNode object)) {
                return Optional.empty();
            }
            JsonNode next = null;
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (field.getKey().equals(segment)) {
                    next = field.getValue();
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            current = next;
        }
        return Optional.of(current);
    }
}
