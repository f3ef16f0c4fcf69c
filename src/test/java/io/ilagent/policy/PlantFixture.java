package io.ilagent.policy;

import io.ilagent.delivery.Database;
import io.ilagent.delivery.MutableClock;
import io.ilagent.delivery.WorkCodec;
import io.ilagent.ilert.ApiKey;
import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.IlertEndpoints;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the policy tests share: the simulator with alice, bob and carol and the policy "Plant" (routing key
 * {@code powerplant}, two levels, both holding bob), and the agent's real handler and history on a SQLite file,
 * on a clock the test moves.
 */
abstract class PlantFixture {
    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    @TempDir
    Path dir;

    final WorkCodec codec = new WorkCodec();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T08:00:00Z"));
    IlertSimulator sim;
    IlertClient client;
    Database db;
    PolicyAudit audit;
    PolicyUpdateHandler handler;
    long alice;
    long bob;
    long carol;
    long plant;

    @BeforeEach
    void setUpPlant() {
        sim = ilert.sim();
        alice = sim.addUser("alice@example.com", "Alice", "Able");
        bob = sim.addUser("bob@example.com", "Bob", "Baker");
        carol = sim.addUser("carol@example.com", "Carol", "Cook");
        plant = sim.addPolicy("Plant", "powerplant", List.of(
                new EscalationRule(5, List.of(UserRel.of(bob)), null, null),
                new EscalationRule(10, List.of(UserRel.of(bob)), null, null)));
        URI base = URI.create(sim.baseUrl());
        client = IlertClient.create(new IlertEndpoints(base, base, Duration.ofSeconds(2), Duration.ofSeconds(10)),
                ApiKey.fromEnv(IlertSimulator.DEFAULT_API_KEY), "ilagent/test");
        db = Database.open(dir.resolve("agent.db3"), clock);
        restart();
    }

    /** A new history reader and handler on the same file, as after the agent restarted: nothing kept in memory. */
    void restart() {
        audit = new PolicyAudit(db, clock);
        handler = new PolicyUpdateHandler(new PolicySync(client, UserCache.defaults(clock), false), audit, codec);
    }

    @AfterEach
    void closePlant() {
        client.close();
        db.close();
    }

    /** What an admin does in ilert: another user on the level, the rest of it kept. */
    void byHand(int level, long user) {
        EscalationRule rule = sim.policy(plant).orElseThrow().escalationRules().get(level);
        org.assertj.core.api.Assertions.assertThat(
                client.updateLevel(plant, level, rule.withUsers(List.of(UserRel.of(user)))).isSuccess()).isTrue();
    }

    /** The users a level of Plant holds in ilert now. */
    List<UserRel> users(int level) {
        return sim.policy(plant).orElseThrow().escalationRules().get(level).users();
    }
}
