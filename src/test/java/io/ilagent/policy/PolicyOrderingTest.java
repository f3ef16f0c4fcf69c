package io.ilagent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.delivery.Backoff;
import io.ilagent.delivery.DeliveryEngine;
import io.ilagent.delivery.DeliveryResult;
import io.ilagent.delivery.HeartbeatPayload;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.OutboxItem;
import io.ilagent.delivery.PolicyUpdatePayload;
import io.ilagent.delivery.RetryPolicy;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.policy.PolicyAudit.Verdict;
import io.ilagent.sim.Failure;
import io.ilagent.sim.Holds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ordering rule of policy sync: the final state of a level is always the latest message's user. */
class PolicyOrderingTest extends PlantFixture {
    private Outbox outbox;
    private DeliveryEngine engine;

    @BeforeEach
    void setUp() {
        outbox = new Outbox(db, clock, handler);
        engine = new DeliveryEngine(outbox, Map.of(ItemKind.POLICY_UPDATE, codec.handler(PolicyUpdatePayload.class, handler)),
                new RetryPolicy(RetryPolicy.DEFAULT_MAX_RETRIES, new Backoff(new SplittableRandom(7))), clock,
                new DeliveryEngine.Settings(4, Duration.ofMillis(50)));
        engine.start();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        engine.stop(Duration.ofSeconds(5));
    }

    private void enqueue(String email, int level, String messageId, Instant receivedAt) {
        PolicyUpdatePayload p = new PolicyUpdatePayload("powerplant", email, level, messageId, receivedAt.toString());
        outbox.enqueue(codec.item(p, "test"));
    }

    @Test
    void olderUpdateWaitingForRetryIsSupersededByANewerOneAndNeverApplied() {
        sim.failNext(1, Failure.status(503).on("PUT", "/api/escalation-policies"));
        enqueue("alice@example.com", 1, "m1", clock.instant());
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.requestsTo("PUT", "/api/escalation-policies").size() == 1);
        clock.advance(Duration.ofMillis(10));
        enqueue("carol@example.com", 1, "m2", clock.instant());
        await().atMost(Duration.ofSeconds(10)).until(() -> users(1).equals(List.of(UserRel.of(carol))));

        clock.advance(Duration.ofMinutes(5));
        engine.wakeUp();
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.pending(10).isEmpty());
        assertThat(users(1)).containsExactly(UserRel.of(carol));
        assertThat(sim.requestsTo("PUT", "/api/escalation-policies")).hasSize(2);
        assertThat(audit.latest(10)).extracting(PolicyAudit.Entry::messageId, PolicyAudit.Entry::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("m1", Verdict.FAILED),
                        org.assertj.core.groups.Tuple.tuple("m1", Verdict.SUPERSEDED),
                        org.assertj.core.groups.Tuple.tuple("m2", Verdict.APPLIED));
    }

    @Test
    void aSupersededHeartbeatLeavesNoPolicyHistory() {
        OutboxItem ping = new OutboxItem(7, ItemKind.HEARTBEAT, "heartbeat:hb", true,
                codec.encode(new HeartbeatPayload("hb")), "test", 0, clock.instant(), Optional.empty(), clock.instant());

        handler.superseded(ping, 8);

        assertThat(audit.latest(10)).isEmpty();
    }

    @Test
    void staleRetryNeverOverwritesNewerAssignment() {
        Instant older = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        enqueue("carol@example.com", 1, "newer", clock.instant());
        await().atMost(Duration.ofSeconds(10)).until(() -> users(1).equals(List.of(UserRel.of(carol))));

        // The older message arrives late, e.g. a dead letter requeued with 'ilagent queue retry'.
        enqueue("alice@example.com", 1, "older", older);
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.pending(10).isEmpty());
        assertThat(users(1)).containsExactly(UserRel.of(carol));
        assertThat(audit.latest(10)).last().satisfies(e -> {
            assertThat(e.messageId()).isEqualTo("older");
            assertThat(e.outcome()).isEqualTo(Verdict.SUPERSEDED);
            assertThat(e.reason()).hasValueSatisfying(r -> assertThat(r).contains("a newer message"));
        });
    }

    @Test
    void concurrentUpdatesOfOneLevelNeverLetTheOlderOneWin() throws Exception {
        // Kafka delivers partitions concurrently: the older update's PUT is still under way when the newer arrives.
        Holds.Hold olderPut = sim.hold("\"id\":" + carol);
        Instant olderAt = clock.instant();
        Instant newerAt = olderAt.plusSeconds(1);
        ExecutorService sources = Executors.newFixedThreadPool(2);
        try {
            Future<DeliveryResult> older = sources.submit(() -> handler.apply(
                    new PolicyUpdatePayload("powerplant", "carol@example.com", 1, "older", olderAt.toString())));
            await().atMost(Duration.ofSeconds(10)).until(() -> olderPut.arrived() == 1);
            Future<DeliveryResult> newer = sources.submit(() -> handler.apply(
                    new PolicyUpdatePayload("powerplant", "alice@example.com", 1, "newer", newerAt.toString())));

            // Without a lock per level the newer update would be applied now, and the older PUT land after it.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !newer.isDone());
            olderPut.release();

            assertThat(older.get(10, TimeUnit.SECONDS)).isInstanceOf(DeliveryResult.Delivered.class);
            assertThat(newer.get(10, TimeUnit.SECONDS)).isInstanceOf(DeliveryResult.Delivered.class);
            assertThat(users(1)).containsExactly(UserRel.of(alice));
        } finally {
            olderPut.release();
            sources.shutdownNow();
        }
    }

    @Test
    void differentLevelsNeverWaitForEachOther() {
        Holds.Hold carolsSearch = sim.hold("carol@example.com"); // level 0's update is stuck looking its user up
        try {
            enqueue("carol@example.com", 0, "stuck", clock.instant());
            enqueue("alice@example.com", 1, "free", clock.instant());
            await().atMost(Duration.ofSeconds(10)).until(() -> users(1).equals(List.of(UserRel.of(alice))));
            assertThat(carolsSearch.arrived()).isEqualTo(1);
            assertThat(users(0)).containsExactly(UserRel.of(bob));
        } finally {
            carolsSearch.release();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> users(0).equals(List.of(UserRel.of(carol))));
    }

    @Test
    void everyOutcomeIsRecordedWithMessagePolicyLevelAndUsers() {
        enqueue("alice@example.com", 0, "applied", clock.instant());
        enqueue("alice@example.com", 1, "second", clock.instant());
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.pending(10).isEmpty());
        enqueue("nobody@example.com", 1, "rejected", clock.instant());
        await().atMost(Duration.ofSeconds(10)).until(() -> audit.latest(10).size() == 3);
        List<PolicyAudit.Entry> history = audit.latest(10);
        assertThat(history.get(0)).satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Verdict.APPLIED);
            assertThat(e.policyId()).contains(plant);
            assertThat(e.previousUsers()).contains("[" + bob + "]");
            assertThat(e.newUserId()).contains(alice);
            assertThat(e.routingKey()).isEqualTo("powerplant");
        });
        assertThat(history.get(2)).satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Verdict.REJECTED);
            assertThat(e.reason()).contains("no ilert user has the email nobody@example.com");
        });
    }
}
