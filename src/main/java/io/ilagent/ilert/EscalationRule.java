package io.ilagent.ilert;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One level of an escalation policy (schema {@code EscalationRule}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record EscalationRule(
        Integer escalationTimeout, List<UserRel> users, List<ScheduleRel> schedules, List<TeamRel> teams) {

    /** The same level with its users replaced; timeout, schedules and teams kept as they are. */
    public EscalationRule withUsers(List<UserRel> newUsers) {
        return new EscalationRule(escalationTimeout, List.copyOf(newUsers), schedules, teams);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UserRel(long id, String firstName, String lastName) {
        public static UserRel of(long id) {
            return new UserRel(id, null, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ScheduleRel(Long id, String name, String type) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TeamRel(Long id, String name) {}
}
