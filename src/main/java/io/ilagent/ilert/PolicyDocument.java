package io.ilagent.ilert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ilagent.ilert.EscalationRule.UserRel;
import java.util.ArrayList;
import java.util.List;

/**
 * An escalation policy as ilert sent it: the typed view the agent reads, and the JSON document itself, which a
 * {@code PUT /api/escalation-policies/{id}} sends back with only the users of some levels replaced. Keeping the
 * document, not a re-serialised record, keeps every field the agent does not model (teams, repeating, delays,
 * and any field ilert adds later) exactly as ilert holds it.
 */
public record PolicyDocument(EscalationPolicy policy, ObjectNode json) {

    /** The same policy with {@code userId} as the only user of {@code level}; this document is not changed. */
    public PolicyDocument withLevelUser(int level, long userId) {
        List<EscalationRule> rules = new ArrayList<>(policy.escalationRules());
        rules.set(level, rules.get(level).withUsers(List.of(UserRel.of(userId))));
        ObjectNode copy = json.deepCopy();
        JsonNode rule = copy.path("escalationRules").path(level);
        if (rule instanceof ObjectNode object) {
            ArrayNode users = object.putArray("users");
            users.addObject().put("id", userId);
        }
        return new PolicyDocument(new EscalationPolicy(policy.id(), policy.name(), policy.routingKey(), rules), copy);
    }
}
