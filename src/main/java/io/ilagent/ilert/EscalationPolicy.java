package io.ilagent.ilert;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An escalation policy; the index in {@code escalationRules} is the (zero-based) level. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record EscalationPolicy(Long id, String name, String routingKey, List<EscalationRule> escalationRules) {
    public EscalationPolicy {
        escalationRules = escalationRules == null ? List.of() : List.copyOf(escalationRules);
    }
}
