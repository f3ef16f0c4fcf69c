package io.ilagent.ilert;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.sim.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which headers go where: the API key only on REST calls, the agent's User-Agent on all. */
class IlertClientAuthTest {
    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension(b -> b.apiKey("abc"));

    private IlertClient client(Optional<ApiKey> key) {
        return SimulatedIlert.client(ilert.sim().baseUrl(), key, Duration.ofSeconds(10));
    }

    private void callEverything(IlertClient client) {
        ilert.sim().addUser("alice@example.com", "Alice", "Example");
        long policy = ilert.sim().addPolicy("P", "pp", List.of(new EscalationRule(5, null, null, null)));
        client.sendEvent(new Event("k", EventType.ALERT, "s", null, null, null, null, null, null), EventChannel.API);
        client.sendEvent(new Event("k", EventType.ALERT, "s", null, null, null, null, null, null), EventChannel.MQTT);
        client.pingHeartbeat("il1hbt1");
        client.pingHeartbeat("hb");
        client.findUserByEmail("alice@example.com");
        client.resolvePolicy("pp");
        client.getPolicy(policy);
        client.updateLevel(policy, 0, new EscalationRule(5, List.of(EscalationRule.UserRel.of(1)), null, null));
    }

    @Test
    void bearerKeyFromTheEnvironmentIsSentOnRestCallsOnly() {
        callEverything(client(ApiKey.fromEnv("Bearer abc")));

        List<RecordedRequest> requests = ilert.sim().requests();
        assertThat(requests).hasSize(8);
        assertThat(requests).filteredOn(r -> r.path().startsWith("/api/users") || r.path().startsWith("/api/escalation"))
                .hasSize(4)
                .allSatisfy(r -> {
                    assertThat(r.header("Authorization")).contains("Bearer abc");
                    assertThat(r.status()).isEqualTo(200);
                });
        assertThat(requests).filteredOn(r -> r.path().startsWith("/api/events") || r.path().startsWith("/api/v1")
                        || r.path().startsWith("/api/heartbeats") || r.path().startsWith("/api/pings"))
                .hasSize(4)
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEmpty());
    }

    @Test
    void everyCallIdentifiesTheAgentInTheUserAgent() {
        callEverything(client(ApiKey.fromEnv("abc")));

        assertThat(ilert.sim().requests()).hasSize(8)
                .allSatisfy(r -> assertThat(r.header("User-Agent").orElseThrow()).startsWith("ilagent/"));
    }

    @Test
    void restCallWithoutAnApiKeyFailsWith401AndNoKeyInTheReason() {
        Outcome<User> outcome = client(Optional.empty()).findUserByEmail("alice@example.com");

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.status()).isEqualTo(401));
        assertThat(ilert.sim().requests().getFirst().header("Authorization")).isEmpty();
    }

    @Test
    void wrongApiKeyFailsWithoutTheKeyInTheReason() {
        Outcome<User> outcome = client(ApiKey.fromEnv("wrong-key-123")).findUserByEmail("alice@example.com");

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.status()).isEqualTo(401);
            assertThat(f.reason()).doesNotContain("wrong-key-123");
        });
    }
}
