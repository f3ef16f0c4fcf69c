package io.ilagent.ilert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.ilert.RateLimitGate.Entry;
import io.ilagent.ilert.RateLimitGate.Ticket;
import io.ilagent.sim.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The shared gate per rate-limit bucket, on a clock the test moves (no jitter unless said). */
class RateLimitGateTest {
    private static final Optional<Duration> NO_RETRY_AFTER = Optional.empty();
    private static final RateLimitBucket KEY_A = RateLimitBucket.events("il1keyA");
    private static final RateLimitBucket KEY_B = RateLimitBucket.events("il1keyB");

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T10:00:05Z"));
    private final List<String> observed = new CopyOnWriteArrayList<>();
    private final RateLimitGate gate = new RateLimitGate(clock, () -> 0L, new RateLimitObserver() {
        @Override
        public void closed(RateLimitBucket.Kind kind) {
            observed.add("closed " + kind.label());
        }

        @Override
        public void waited(RateLimitBucket.Kind kind, Duration wait) {
            observed.add("waited " + kind.label() + " " + wait.toSeconds() + " s");
        }
    });

    private Ticket go(RateLimitBucket bucket) throws InterruptedException {
        Entry entry = gate.enter(bucket);
        assertThat(entry).isInstanceOf(Entry.Go.class);
        return ((Entry.Go) entry).ticket();
    }

    private Duration held(RateLimitBucket bucket) throws InterruptedException {
        Entry entry = gate.enter(bucket);
        assertThat(entry).isInstanceOf(Entry.Held.class);
        return ((Entry.Held) entry).reopensIn();
    }

    /** Lets a call through and answers it 429, closing the bucket. */
    private Optional<Duration> rateLimited(RateLimitBucket bucket) throws InterruptedException {
        return gate.answered(go(bucket), 429, NO_RETRY_AFTER);
    }

    @Test
    void callsGoWhileNoBucketWasRateLimited() throws InterruptedException {
        Ticket ticket = go(RateLimitBucket.REST);

        assertThat(ticket.probe()).isFalse();
        assertThat(gate.answered(ticket, 200, NO_RETRY_AFTER)).isEmpty();
        assertThat(go(RateLimitBucket.REST).probe()).isFalse();
        assertThat(observed).isEmpty();
    }

    @Test
    void a429ClosesTheBucketAndItsCallsAreHeldForTenSecondsInsteadOfSent() throws InterruptedException {
        assertThat(rateLimited(RateLimitBucket.REST)).contains(Duration.ofSeconds(10));

        assertThat(held(RateLimitBucket.REST)).isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(9));
        assertThat(held(RateLimitBucket.REST)).isEqualTo(Duration.ofSeconds(1));
        assertThat(observed).containsExactly("closed rest", "waited rest 10 s", "waited rest 1 s");
    }

    @Test
    void afterTheBackoffOneProbeGoesFirstAndTheOthersWaitForItsAnswer() throws Exception {
        rateLimited(RateLimitBucket.REST);
        clock.advance(Duration.ofSeconds(10));

        Ticket probe = go(RateLimitBucket.REST);
        assertThat(probe.probe()).isTrue();
        CompletableFuture<Entry> follower = CompletableFuture.supplyAsync(() -> enterUnchecked(RateLimitBucket.REST));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !follower.isDone());

        gate.answered(probe, 200, NO_RETRY_AFTER);

        assertThat(follower.get()).isInstanceOfSatisfying(Entry.Go.class, go -> assertThat(go.ticket().probe()).isFalse());
        assertThat(go(RateLimitBucket.REST).probe()).isFalse();
    }

    @Test
    void aProbeAnswered429ClosesTheBucketAgainForLongerUpToSixtySeconds() throws InterruptedException {
        rateLimited(RateLimitBucket.REST);
        List<Duration> closings = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            clock.advance(held(RateLimitBucket.REST));
            closings.add(rateLimited(RateLimitBucket.REST).orElseThrow());
        }

        assertThat(closings).extracting(Duration::toSeconds).containsExactly(20L, 30L, 40L, 50L, 60L, 60L, 60L);
    }

    @Test
    void aSuccessfulProbeStartsTheBackoffAgainAtTenSeconds() throws InterruptedException {
        rateLimited(RateLimitBucket.REST);
        clock.advance(Duration.ofSeconds(10));
        gate.answered(rateLimitedProbe(), 429, NO_RETRY_AFTER); // second 429 in a row: 20 s
        clock.advance(Duration.ofSeconds(20));
        gate.answered(go(RateLimitBucket.REST), 200, NO_RETRY_AFTER);

        assertThat(rateLimited(RateLimitBucket.REST)).contains(Duration.ofSeconds(10));
    }

    private Ticket rateLimitedProbe() throws InterruptedException {
        Ticket probe = go(RateLimitBucket.REST);
        assertThat(probe.probe()).isTrue();
        return probe;
    }

    @Test
    void aRetryAfterFromIlertIsHonouredInsteadOfTheBackoffAndCappedAtFiveMinutes() throws InterruptedException {
        assertThat(gate.answered(go(KEY_A), 429, Optional.of(Duration.ofSeconds(3)))).contains(Duration.ofSeconds(3));
        clock.advance(Duration.ofSeconds(3));
        assertThat(go(KEY_A).probe()).isTrue();

        assertThat(gate.answered(go(KEY_B), 429, Optional.of(Duration.ofHours(2)))).contains(Duration.ofMinutes(5));
    }

    @Test
    void aRateLimitedIntegrationKeyHoldsNeitherOtherKeysNorRestCallsNorPings() throws InterruptedException {
        rateLimited(KEY_A);

        held(KEY_A);
        assertThat(go(KEY_B).probe()).isFalse();
        assertThat(go(RateLimitBucket.REST).probe()).isFalse();
        assertThat(go(RateLimitBucket.heartbeats("il1keyA")).probe()).isFalse();
    }

    @Test
    void a429ToACallSentBeforeTheBucketClosedDoesNotExtendIt() throws InterruptedException {
        Ticket early = go(RateLimitBucket.REST);
        rateLimited(RateLimitBucket.REST);
        clock.advance(Duration.ofSeconds(4));

        assertThat(gate.answered(early, 429, NO_RETRY_AFTER)).contains(Duration.ofSeconds(6));
        assertThat(held(RateLimitBucket.REST)).isEqualTo(Duration.ofSeconds(6));
        assertThat(observed).filteredOn(s -> s.startsWith("closed")).hasSize(1);
    }

    @Test
    void aProbeWithoutAnAnswerStillReopensTheBucket() throws InterruptedException {
        rateLimited(KEY_A);
        clock.advance(Duration.ofSeconds(10));

        gate.answered(go(KEY_A), 0, NO_RETRY_AFTER); // network error: not a rate limit

        assertThat(go(KEY_A).probe()).isFalse();
    }

    @Test
    void jitterAddsUpToTenPercentToTheBackoff() {
        RateLimitGate jittery = new RateLimitGate(clock, () -> -1L, RateLimitObserver.NONE); // nextDouble() just below 1
        assertThat(jittery.backoff(1)).isBetween(Duration.ofMillis(10_990), Duration.ofSeconds(11));
        assertThat(jittery.backoff(9)).isBetween(Duration.ofMillis(65_990), Duration.ofSeconds(66));
    }

    @Test
    void anInterruptEndsTheWaitForAProbe() throws Exception {
        rateLimited(RateLimitBucket.REST);
        clock.advance(Duration.ofSeconds(10));
        go(RateLimitBucket.REST); // the probe, never answered in this test
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                gate.enter(RateLimitBucket.REST);
            } catch (Throwable e) {
                ended.set(e);
            }
        });
        await().atMost(Duration.ofSeconds(2)).until(() -> waiter.getState() == Thread.State.WAITING);

        waiter.interrupt();
        waiter.join(Duration.ofSeconds(2));

        assertThat(waiter.isAlive()).isFalse();
        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void bucketsNeverShowTheirKey() {
        assertThat(KEY_A.toString()).isEqualTo("RateLimitBucket[events]").doesNotContain("il1keyA");
    }

    private Entry enterUnchecked(RateLimitBucket bucket) {
        try {
            return gate.enter(bucket);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
