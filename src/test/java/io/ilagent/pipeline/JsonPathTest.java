package io.ilagent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonPathTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void singleKeyIsATopLevelLookup() throws Exception {
        assertThat(JsonPath.of("a").find(json("{\"a\": \"x\"}"))).contains(JSON.getNodeFactory().textNode("x"));
    }

    @Test
    void dotPathWalksNestedObjects() throws Exception {
        assertThat(JsonPath.of("data.user.email").find(json("{\"data\": {\"user\": {\"email\": \"e\"}}}")))
                .contains(JSON.getNodeFactory().textNode("e"));
    }

    @Test
    void missingKeyIsEmpty() throws Exception {
        assertThat(JsonPath.of("data.nope").find(json("{\"data\": {}}"))).isEmpty();
    }

    @Test
    void partialPathThroughNonObjectIsEmpty() throws Exception {
        assertThat(JsonPath.of("data.email.x").find(json("{\"data\": {\"email\": \"e\"}}"))).isEmpty();
    }

    @Test
    void arraysCannotBeIndexed() throws Exception {
        assertThat(JsonPath.of("list.0").find(json("{\"list\": [\"a\"]}"))).isEmpty();
    }

    @Test
    void keyContainingADotCannotBeAddressed() throws Exception {
        assertThat(JsonPath.of("a.b").find(json("{\"a.b\": 1}"))).isEmpty();
    }

    @Test
    void jsonNullIsFoundAsNull() throws Exception {
        assertThat(JsonPath.of("a").find(json("{\"a\": null}"))).hasValueSatisfying(v -> assertThat(v.isNull()).isTrue());
    }

    @Test
    void objectValueIsReturnedWhole() throws Exception {
        assertThat(JsonPath.of("a").find(json("{\"a\": {\"b\": 1}}")).orElseThrow().get("b").intValue()).isEqualTo(1);
    }

    @Test
    void toStringIsThePathAsWritten() {
        assertThat(JsonPath.of("user.contact.mail")).hasToString("user.contact.mail");
    }

    @Test
    void pathsWithTheSameSegmentsAreEqual() {
        assertThat(JsonPath.of("data.email")).isEqualTo(new JsonPath(java.util.List.of("data", "email")));
    }
}
