package io.ilagent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** REST calls need the simulator's API key as a Bearer token; events and pings need none. */
class SimAuthTest {
    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension(b -> b.apiKey("secret-1"));

    private static final String SEARCH = "{\"email\":\"alice@example.com\"}";

    @Test
    void restCallWithoutAuthorizationIsAnswered401() {
        ilert.sim().addUser("alice@example.com", "Alice", "Example");

        var response = new SimHttp(ilert.sim()).send("POST", "/api/users/search-email", SEARCH, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(ilert.sim().violations()).isEmpty();
    }

    @Test
    void restCallWithAWrongKeyIsAnswered401() {
        var response = new SimHttp(ilert.sim()).send("GET", "/api/escalation-policies/resolve?routing-key=x", null,
                "Bearer not-the-key");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void restCallWithTheConfiguredKeyIsServed() {
        ilert.sim().addUser("alice@example.com", "Alice", "Example");

        var response = new SimHttp(ilert.sim()).send("POST", "/api/users/search-email", SEARCH, "Bearer secret-1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"firstName\":\"Alice\"");
    }

    @Test
    void eventsAndPingsNeedNoAuthorization() {
        SimHttp http = new SimHttp(ilert.sim());

        assertThat(http.post("/api/events", "{\"integrationKey\":\"k\",\"eventType\":\"ALERT\",\"summary\":\"s\"}")
                .statusCode()).isEqualTo(202);
        assertThat(http.send("HEAD", "/api/pings/hb-1", null, null).statusCode()).isEqualTo(202);
    }

    @Test
    void recordedAuthorizationIsMaskedWhenShown() {
        new SimHttp(ilert.sim()).send("GET", "/api/escalation-policies/1", null, "Bearer secret-1");

        RecordedRequest request = ilert.sim().requests().getFirst();
        assertThat(request.header("Authorization")).contains("Bearer secret-1");
        assertThat(request.toString()).doesNotContain("secret-1").contains("Bearer ****");
        assertThat(request.oneLine()).doesNotContain("secret-1");
    }
}
