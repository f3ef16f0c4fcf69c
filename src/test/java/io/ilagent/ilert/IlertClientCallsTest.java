package io.ilagent.ilert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.ilert.EscalationRule.ScheduleRel;
import io.ilagent.ilert.EscalationRule.TeamRel;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.sim.ReceivedEvent;
import io.ilagent.sim.ReceivedPing;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every IlertClient call against the simulator; the extension fails any test whose requests break the schema. */
class IlertClientCallsTest {
    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    private static Event alert() {
        return new Event("il1api123", EventType.ALERT, "Server down", "disk full", "host-1", Priority.HIGH,
                List.of(new Event.Image("https://i/x.png", null, null)),
                List.of(new Event.Link("https://x", "Provided Url")),
                new ObjectMapper().createObjectNode().put("env", "prod"));
    }

    @ParameterizedTest
    @CsvSource({"API, /api/events", "MQTT, /api/v1/events/mqtt/il1api123", "KAFKA, /api/v1/events/kafka/il1api123"})
    void sendEventPostsTheEventToTheChannelsPath(EventChannel channel, String path) {
        Outcome<Void> outcome = SimulatedIlert.client(ilert.sim()).sendEvent(alert(), channel);

        assertThat(outcome).isInstanceOf(Outcome.Success.class);
        assertThat(((Outcome.Success<Void>) outcome).status()).isEqualTo(202);
        ReceivedEvent event = ilert.sim().events().getFirst();
        assertThat(event.channel()).isEqualTo(channel);
        assertThat(event.path()).isEqualTo(path);
        assertThat(event.body().toString()).isEqualTo("""
                {"integrationKey":"il1api123","eventType":"ALERT","summary":"Server down","details":"disk full",\
                "alertKey":"host-1","priority":"HIGH","images":[{"src":"https://i/x.png"}],\
                "links":[{"href":"https://x","text":"Provided Url"}],"customDetails":{"env":"prod"}}""");
    }

    @Test
    void resolveEventWithoutSummarySendsAnEmptySummaryTheSchemaAccepts() {
        Event resolve = new Event("il1api123", EventType.RESOLVE, null, null, "host-1", null, null, null, null);

        assertThat(SimulatedIlert.client(ilert.sim()).sendEvent(resolve, EventChannel.API).isSuccess()).isTrue();
        assertThat(ilert.sim().events().getFirst().body().get("summary").asText()).isEmpty();
    }

    @Test
    void legacyHeartbeatKeyIsPingedWithGetOnTheHeartbeatsPath() {
        assertThat(SimulatedIlert.client(ilert.sim()).pingHeartbeat("il1hbt123abc").isSuccess()).isTrue();

        assertThat(ilert.sim().pings()).singleElement().isEqualTo(new ReceivedPing(
                ilert.sim().pings().getFirst().time(), "GET", "il1hbt123abc", true));
        assertThat(ilert.sim().requestsTo("GET", "/api/heartbeats/il1hbt123abc")).hasSize(1);
    }

    @Test
    void newHeartbeatKeyIsPingedWithHeadOnThePingsPath() {
        assertThat(SimulatedIlert.client(ilert.sim()).pingHeartbeat("ih2:900:abc").isSuccess()).isTrue();

        ReceivedPing ping = ilert.sim().pings().getFirst();
        assertThat(ping.method()).isEqualTo("HEAD");
        assertThat(ping.legacy()).isFalse();
        assertThat(ping.key()).isEqualTo("ih2:900:abc");
    }

    @Test
    void findUserByEmailReturnsTheUser() {
        long id = ilert.sim().addUser("alice@example.com", "Alice", "Example");

        Outcome<User> outcome = SimulatedIlert.client(ilert.sim()).findUserByEmail("alice@example.com");

        assertThat(outcome).isEqualTo(new Outcome.Success<>(new User(id, "alice@example.com", "Alice", "Example"), 200));
        assertThat(ilert.sim().requestsTo("POST", "/api/users/search-email").getFirst().body())
                .isEqualTo("{\"email\":\"alice@example.com\"}");
    }

    @Test
    void findUserByEmailOfAStrangerFailsWithTheServersMessage() {
        Outcome<User> outcome = SimulatedIlert.client(ilert.sim()).findUserByEmail("eve@example.com");

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.status()).isEqualTo(404);
            assertThat(f.reason()).contains("no user found with the given email address");
        });
    }

    @Test
    void resolvePolicyReturnsThePolicyWithItsLevels() {
        long id = ilert.sim().addPolicy("Plant", "power plant/1", List.of(new EscalationRule(5, List.of(UserRel.of(1)), null, null)));

        Outcome<EscalationPolicy> outcome = SimulatedIlert.client(ilert.sim()).resolvePolicy("power plant/1");

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Success.class, s -> assertThat(s.value()).isEqualTo(
                new EscalationPolicy(id, "Plant", "power plant/1", List.of(new EscalationRule(5, List.of(UserRel.of(1)), null, null)))));
    }

    @Test
    void resolvePolicyOfAnUnknownRoutingKeyFails() {
        Outcome<EscalationPolicy> outcome = SimulatedIlert.client(ilert.sim()).resolvePolicy("nowhere");

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.status()).isEqualTo(404));
    }

    @Test
    void getPolicyReturnsThePolicyOrFails() {
        long id = ilert.sim().addPolicy("Plant", "pp", List.of(new EscalationRule(5, null, null, null)));
        IlertClient client = SimulatedIlert.client(ilert.sim());

        assertThat(client.getPolicy(id)).isInstanceOfSatisfying(Outcome.Success.class,
                s -> assertThat(((EscalationPolicy) s.value()).name()).isEqualTo("Plant"));
        assertThat(client.getPolicy(id + 1)).isInstanceOf(Outcome.Failed.class);
    }

    @Test
    void updateLevelSendsTheWholeRuleAndParsesTheAnswer() {
        EscalationRule old = new EscalationRule(15, List.of(UserRel.of(1)),
                List.of(new ScheduleRel(7L, "night", "STATIC")), List.of(new TeamRel(3L, "ops")));
        long id = ilert.sim().addPolicy("Plant", "pp", List.of(new EscalationRule(5, null, null, null), old));
        EscalationRule wanted = old.withUsers(List.of(UserRel.of(42)));

        Outcome<EscalationRule> outcome = SimulatedIlert.client(ilert.sim()).updateLevel(id, 1, wanted);

        assertThat(outcome).isEqualTo(new Outcome.Success<>(wanted, 200));
        assertThat(ilert.sim().policy(id).orElseThrow().escalationRules().get(1)).isEqualTo(wanted);
        assertThat(ilert.sim().requestsTo("PUT", "/api/escalation-policies/").getFirst().body())
                .contains("\"escalationTimeout\":15", "\"schedules\":[{\"id\":7", "\"teams\":[{\"id\":3");
    }

    @Test
    void updateLevelBeyondTheLastLevelFailsAndCreatesNone() {
        long id = ilert.sim().addPolicy("Plant", "pp", List.of(new EscalationRule(5, null, null, null)));

        Outcome<EscalationRule> outcome = SimulatedIlert.client(ilert.sim())
                .updateLevel(id, 1, new EscalationRule(5, List.of(UserRel.of(42)), null, null));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.status()).isEqualTo(404));
        assertThat(ilert.sim().policy(id).orElseThrow().escalationRules()).hasSize(1);
    }
}
