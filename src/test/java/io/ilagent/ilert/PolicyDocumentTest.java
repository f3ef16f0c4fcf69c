package io.ilagent.ilert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ilagent.ilert.EscalationRule.UserRel;
import org.junit.jupiter.api.Test;

class PolicyDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String AS_ILERT_SENT = """
            {"id": 7, "name": "Plant", "routingKey": "plant", "repeating": true, "frequency": 3, "delayMin": 2,
             "teams": [{"id": 41, "name": "Operators"}], "aFieldIlertAddsLater": {"x": 1},
             "escalationRules": [
               {"escalationTimeout": 5, "users": [{"id": 1, "firstName": "Bob"}], "schedules": [{"id": 31}],
                "ruleFieldIlertAddsLater": "kept"},
               {"escalationTimeout": 10, "users": []}]}
            """;

    private static PolicyDocument document() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(AS_ILERT_SENT);
        return new PolicyDocument(JSON.treeToValue(json, EscalationPolicy.class), json);
    }

    @Test
    void replacingALevelsUserKeepsEveryOtherFieldOfThePolicyAsIlertSentIt() throws Exception {
        PolicyDocument before = document();

        PolicyDocument after = before.withLevelUser(0, 99);

        ObjectNode expected = (ObjectNode) JSON.readTree(AS_ILERT_SENT);
        ((ObjectNode) expected.path("escalationRules").path(0)).putArray("users").addObject().put("id", 99);
        assertThat(after.json().toString()).as("the document as it will be sent").isEqualTo(expected.toString());
        assertThat(after.policy().escalationRules().get(0).users()).extracting(UserRel::id).containsExactly(99L);
        assertThat(after.policy().escalationRules().get(0).escalationTimeout()).isEqualTo(5);
    }

    @Test
    void theDocumentItWasMadeFromIsNotChanged() throws Exception {
        PolicyDocument before = document();

        before.withLevelUser(1, 99);

        assertThat(before.json()).isEqualTo(JSON.readTree(AS_ILERT_SENT));
        assertThat(before.policy().escalationRules().get(1).users()).isEmpty();
    }
}
