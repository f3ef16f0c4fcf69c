package io.ilagent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The /_sim/ endpoints drive a simulator from another process. */
class SimControlTest {
    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    @Test
    void seedingThroughControlEndpointsShowsInState() {
        SimHttp http = new SimHttp(ilert.sim());

        var user = http.post("/_sim/users", "{\"email\":\"bob@example.com\",\"firstName\":\"Bob\",\"lastName\":\"B\"}");
        var policy = http.post("/_sim/policies",
                "{\"name\":\"P\",\"routingKey\":\"rk\",\"escalationRules\":[{\"escalationTimeout\":5}]}");

        assertThat(user.statusCode()).isEqualTo(201);
        assertThat(policy.statusCode()).isEqualTo(201);
        assertThat(ilert.sim().users()).singleElement().satisfies(u -> assertThat(u.email()).isEqualTo("bob@example.com"));
        assertThat(ilert.sim().policies()).singleElement()
                .satisfies(p -> assertThat(p.escalationRules().getFirst().escalationTimeout()).isEqualTo(5));
        assertThat(http.send("GET", "/_sim/state", null, null).body())
                .contains("bob@example.com").contains("\"routingKey\":\"rk\"");
    }

    @Test
    void failAndLatencyAreSetThroughControlEndpoints() {
        SimHttp http = new SimHttp(ilert.sim());
        http.post("/_sim/fail?status=400&count=1&path=/api/pings", "");
        http.post("/_sim/latency?ms=1", "");

        assertThat(http.send("GET", "/api/pings/k", null, null).statusCode()).isEqualTo(400);
        assertThat(http.send("GET", "/api/pings/k", null, null).statusCode()).isEqualTo(202);
    }

    @Test
    void requestsListMasksTheApiKeyAndControlCallsAreNotRecorded() {
        SimHttp http = new SimHttp(ilert.sim());
        http.rest("GET", "/api/escalation-policies/1", null);

        String requests = http.send("GET", "/_sim/requests", null, null).body();

        assertThat(requests).contains("/api/escalation-policies/1").contains("Bearer ****")
                .doesNotContain(IlertSimulator.DEFAULT_API_KEY).doesNotContain("/_sim/");
    }

    @Test
    void clearingFaultsKeepsTheStateAndEndsInjectedFailures() {
        SimHttp http = new SimHttp(ilert.sim());
        ilert.sim().addUser("a@example.com", "A", "B");
        http.post("/_sim/fail?status=503&count=100&path=/api/pings", "");

        http.post("/_sim/faults/clear", "");

        assertThat(http.send("GET", "/api/pings/k", null, null).statusCode()).isEqualTo(202);
        assertThat(ilert.sim().users()).hasSize(1);
    }

    @Test
    void resetThroughControlEndpointClearsState() {
        ilert.sim().addUser("a@example.com", "A", "B");
        new SimHttp(ilert.sim()).post("/_sim/reset", "");

        assertThat(ilert.sim().users()).isEmpty();
    }

    @Test
    void demoSeedHasTwoUsersAndAPolicyWithThreeLevels() {
        SimulatorMain.seedDemo(ilert.sim());

        assertThat(ilert.sim().users()).extracting(io.ilagent.ilert.User::email)
                .containsExactly("alice@example.com", "bob@example.com");
        assertThat(ilert.sim().policies()).singleElement().satisfies(p -> {
            assertThat(p.routingKey()).isEqualTo("powerplant");
            assertThat(p.escalationRules()).extracting(io.ilagent.ilert.EscalationRule::escalationTimeout)
                    .containsExactly(5, 10, 15);
        });
    }
}
