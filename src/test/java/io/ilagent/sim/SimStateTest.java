package io.ilagent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.EscalationRule.ScheduleRel;
import io.ilagent.ilert.EscalationRule.UserRel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the simulator remembers and how the REST calls change it. */
class SimStateTest {
    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    private long seedPolicy() {
        return ilert.sim().addPolicy("Plant", "powerplant", List.of(
                new EscalationRule(5, List.of(UserRel.of(1)), null, null),
                new EscalationRule(10, List.of(UserRel.of(2)), List.of(new ScheduleRel(7L, "night", "STATIC")), null)));
    }

    @Test
    void putLevelReplacesTheRuleAtThatLevelOnly() {
        long policy = seedPolicy();

        var response = new SimHttp(ilert.sim()).rest("PUT", "/api/escalation-policies/" + policy + "/levels/1",
                "{\"escalationTimeout\":12,\"users\":[{\"id\":99}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"escalationTimeout\":12").contains("\"id\":99");
        List<EscalationRule> rules = ilert.sim().policy(policy).orElseThrow().escalationRules();
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).escalationTimeout()).isEqualTo(5);
        assertThat(rules.get(1)).isEqualTo(new EscalationRule(12, List.of(UserRel.of(99)), null, null));
    }

    @Test
    void putLevelOutOfRangeIs404AndCreatesNoLevel() {
        long policy = seedPolicy();

        var response = new SimHttp(ilert.sim()).rest("PUT", "/api/escalation-policies/" + policy + "/levels/2",
                "{\"escalationTimeout\":1,\"users\":[{\"id\":99}]}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("has no level 2");
        assertThat(ilert.sim().policy(policy).orElseThrow().escalationRules()).hasSize(2);
    }

    @Test
    void putLevelOnAnUnknownPolicyIs404() {
        var response = new SimHttp(ilert.sim()).rest("PUT", "/api/escalation-policies/424242/levels/0",
                "{\"escalationTimeout\":1}");

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void resolveFindsThePolicyByRoutingKeyAndAnswers404Otherwise() {
        long policy = seedPolicy();
        SimHttp http = new SimHttp(ilert.sim());

        var found = http.rest("GET", "/api/escalation-policies/resolve?routing-key=powerplant", null);
        var missing = http.rest("GET", "/api/escalation-policies/resolve?routing-key=nowhere", null);

        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains("\"id\":" + policy).contains("\"routingKey\":\"powerplant\"")
                .contains("\"escalationRules\"");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"status\":404");
    }

    @Test
    void getPolicyById() {
        long policy = seedPolicy();
        SimHttp http = new SimHttp(ilert.sim());

        assertThat(http.rest("GET", "/api/escalation-policies/" + policy, null).body()).contains("\"name\":\"Plant\"");
        assertThat(http.rest("GET", "/api/escalation-policies/1", null).statusCode()).isEqualTo(404);
    }

    @Test
    void searchEmailIgnoresCaseAndAnswers404ForStrangers() {
        long alice = ilert.sim().addUser("alice@example.com", "Alice", "Example");
        SimHttp http = new SimHttp(ilert.sim());

        var found = http.rest("POST", "/api/users/search-email", "{\"email\":\"Alice@Example.com\"}");
        var missing = http.rest("POST", "/api/users/search-email", "{\"email\":\"eve@example.com\"}");

        assertThat(found.body()).contains("\"id\":" + alice);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no user found");
    }

    @Test
    void pingsAreRecordedWithTheirKindAndEveryRequestIsRecorded() {
        SimHttp http = new SimHttp(ilert.sim());
        http.send("HEAD", "/api/pings/hb-1", null, null);
        http.send("GET", "/api/heartbeats/il1hbt1", null, null);

        assertThat(ilert.sim().pings()).extracting(ReceivedPing::key, ReceivedPing::method, ReceivedPing::legacy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hb-1", "HEAD", false),
                        org.assertj.core.groups.Tuple.tuple("il1hbt1", "GET", true));
        assertThat(ilert.sim().requests()).extracting(RecordedRequest::status).containsExactly(202, 202);
        assertThat(ilert.sim().requestsTo("HEAD", "/api/pings")).hasSize(1);
    }

    @Test
    void resetForgetsEverything() {
        seedPolicy();
        new SimHttp(ilert.sim()).send("HEAD", "/api/pings/hb-1", null, null);

        ilert.sim().reset();

        assertThat(ilert.sim().policies()).isEmpty();
        assertThat(ilert.sim().pings()).isEmpty();
        assertThat(ilert.sim().requests()).isEmpty();
    }
}
