package io.ilagent.ilert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides whether a call may go to ilert now, per {@link RateLimitBucket}. ilert
 * counts calls in fixed one-minute windows and answers 429, without Retry-After, until the next window
 * starts; every call made meanwhile is wasted. So after a 429 the bucket is
 * closed: its calls are <em>held</em> (not sent; the caller is told when to come back, which is not a
 * failed attempt) until the server's Retry-After, capped at {@link #RETRY_AFTER_CAP}, or a shared backoff
 * has passed. Then one call goes first as a probe; the others of that bucket wait for its answer and
 * follow unless it was a 429, which closes the bucket again for longer. Other buckets are not affected.
 *
 * <p>The backoff grows linearly, 10 s, 20 s, 30 s ... up to 60 s, plus up to 10 % jitter so that agents
 * sharing a key do not probe together. Linear because a 429 means the current minute is spent and the
 * next one starts within 60 s: of the probes 10, 30 and 60 s after the first 429 the third is in the
 * next window at the latest, where doubling (probes after 10, 30, 70 s) would come up to 10 s later.
 *
 * <p>Holding instead of blocking lets the delivery engine free its worker (an item of another bucket can
 * use it) and a Kafka source pause just the record's partition. Only waiting for a probe blocks, for one
 * round trip at most, interruptibly.
 *
 * <p>A bucket may also have a {@link CallBudget} (the API key's REST calls do in the daemon), which paces
 * its calls ahead of any 429: a call over budget waits in place when its turn is near, and is held
 * ({@link Entry.OverBudget}) otherwise, in the same way as after a 429. The 429 handling above stays for
 * calls made by others sharing the key.
 */
public final class RateLimitGate {
    public static final Duration STEP = Duration.ofSeconds(10);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    /** A Retry-After above this is taken as this, so a wrong header cannot hold calls for hours. */
    public static final Duration RETRY_AFTER_CAP = Duration.ofSeconds(300);
    private static final double JITTER = 0.1;

    /**
     * The logger, created on the first line logged: the one-shot commands use this class too, and creating a
     * logger sets up logging (about 200 classes), which only a 429 needs.
     */
    private static final class Log {
        static final Logger log = LoggerFactory.getLogger(RateLimitGate.class);
    }

    /** What a call may do now. */
    public sealed interface Entry {
        /** Send the call, then report its answer with {@link #answered}. */
        record Go(Ticket ticket) implements Entry {}

        /** Do not send: the bucket stays closed for {@code reopensIn}. */
        record Held(Duration reopensIn) implements Entry {}

        /** Do not send: the bucket's call budget is used up; ask again after {@code freesIn}. */
        record OverBudget(Duration freesIn) implements Entry {}
    }

    /** Waits in place for a call whose budget frees up soon; a test passes one that moves its clock. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = wait -> TimeUnit.NANOSECONDS.sleep(wait.toNanos());

        void sleep(Duration wait) throws InterruptedException;
    }

    /** A call let through; {@code probe} when it is the first one after the bucket was closed. */
    public record Ticket(RateLimitBucket bucket, boolean probe) {}

    /** A bucket that answered 429; gone again once a probe gets through. */
    private static final class Closed {
        final Instant since;
        Instant until;
        int consecutive;
        boolean probing;
        long held;

        Closed(Instant since) {
            this.since = since;
        }
    }

    private final Clock clock;
    private final RandomGenerator random;
    private final RateLimitObserver observer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition probeAnswered = lock.newCondition();
    private final Map<RateLimitBucket, Closed> closed = new HashMap<>();
    private final Map<RateLimitBucket, CallBudget> budgets;
    private final Sleeper sleeper;

    /** A gate without call budgets: calls go until ilert answers 429. */
    public RateLimitGate(Clock clock, RandomGenerator random, RateLimitObserver observer) {
        this(clock, random, observer, Map.of(), Sleeper.REAL);
    }

    public RateLimitGate(Clock clock, RandomGenerator random, RateLimitObserver observer,
                         Map<RateLimitBucket, CallBudget> budgets, Sleeper sleeper) {
        this.clock = clock;
        this.random = random;
        this.observer = observer;
        this.budgets = Map.copyOf(budgets);
        this.sleeper = sleeper;
    }

    /** The daemon's gate: the API key's REST calls paced at {@code restPerMinute}, 0 for no pacing. */
    public static RateLimitGate withRestBudget(Clock clock, RandomGenerator random, RateLimitObserver observer,
                                               int restPerMinute) {
        return new RateLimitGate(clock, random, observer,
                restPerMinute == 0 ? Map.of() : Map.of(RateLimitBucket.REST, new CallBudget(restPerMinute)),
                Sleeper.REAL);
    }

    /** As {@link #enter(RateLimitBucket, CallBudget.Turn)} for a call that starts a piece of work. */
    public Entry enter(RateLimitBucket bucket) throws InterruptedException {
        return enter(bucket, CallBudget.Turn.FIRST);
    }

    /**
     * Lets a call of {@code bucket} go, holds it, or (with a budget) holds it over budget. Blocks while
     * another call of a reopened bucket is under way as its probe, and for a short wait for the budget.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public Entry enter(RateLimitBucket bucket, CallBudget.Turn turn) throws InterruptedException {
        Entry entry = admit(bucket);
        CallBudget budget = budgets.get(bucket);
        if (budget == null || !(entry instanceof Entry.Go go)) {
            return entry;
        }
        try {
            return switch (budget.take(clock.instant(), turn)) {
                case CallBudget.Decision.Go pace -> {
                    if (pace.delay().isPositive()) {
                        observer.paced(bucket.kind(), pace.delay(), false);
                        sleeper.sleep(pace.delay());
                    }
                    yield go;
                }
                case CallBudget.Decision.Held held -> {
                    giveBack(go.ticket());
                    observer.paced(bucket.kind(), held.retryIn(), true);
                    yield new Entry.OverBudget(held.retryIn());
                }
            };
        } catch (InterruptedException e) {
            giveBack(go.ticket());
            throw e;
        }
    }

    /** A ticket that will not be sent: a probe's turn passes to the next call. */
    private void giveBack(Ticket ticket) {
        if (!ticket.probe()) {
            return;
        }
        lock.lock();
        try {
            Closed c = closed.get(ticket.bucket());
            if (c != null) {
                c.probing = false;
                probeAnswered.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private Entry admit(RateLimitBucket bucket) throws InterruptedException {
        Instant blockedSince = null;
        Entry entry;
        lock.lock();
        try {
            while (true) {
                Closed c = closed.get(bucket);
                Instant now = clock.instant();
                if (c == null) {
                    entry = new Entry.Go(new Ticket(bucket, false));
                    break;
                }
                if (now.isBefore(c.until)) {
                    c.held++;
                    entry = new Entry.Held(Duration.between(now, c.until));
                    observer.waited(bucket.kind(), Duration.between(now, c.until));
                    break;
                }
                if (!c.probing) {
                    c.probing = true;
                    entry = new Entry.Go(new Ticket(bucket, true));
                    break;
                }
                blockedSince = blockedSince == null ? now : blockedSince;
                probeAnswered.await();
            }
        } finally {
            lock.unlock();
        }
        if (blockedSince != null) {
            observer.waited(bucket.kind(), Duration.between(blockedSince, clock.instant()));
        }
        return entry;
    }

    /**
     * Reports the answer to a call let through by {@link #enter}; must be called for every ticket, or a
     * probe's bucket would never reopen.
     *
     * @param status     the HTTP status, 0 when there was none (a probe without an answer still reopens)
     * @param retryAfter the server's Retry-After, if it sent one
     * @return how long until the bucket reopens, when it is closed after this answer
     */
    public Optional<Duration> answered(Ticket ticket, int status, Optional<Duration> retryAfter) {
        RateLimitBucket bucket = ticket.bucket();
        lock.lock();
        try {
            Closed c = closed.get(bucket);
            Instant now = clock.instant();
            if (status != 429) {
                if (ticket.probe() && c != null) {
                    closed.remove(bucket);
                    probeAnswered.signalAll();
                    Log.log.info("ilert takes {} again after {} s; {} calls were held meanwhile",
                            bucket.kind().description(), Duration.between(c.since, now).toSeconds(), c.held);
                }
                return Optional.empty();
            }
            if (c == null) {
                c = new Closed(now);
                closed.put(bucket, c);
                close(bucket.kind(), c, now, retryAfter);
                Log.log.warn("ilert answered 429 (rate limit) for {}: holding them for {} s, then one probe",
                        bucket.kind().description(), Duration.between(now, c.until).toSeconds());
            } else if (ticket.probe()) {
                c.probing = false;
                close(bucket.kind(), c, now, retryAfter);
                probeAnswered.signalAll();
                Log.log.info("ilert still rate-limits {} (probe answered 429): holding them for {} s more",
                        bucket.kind().description(), Duration.between(now, c.until).toSeconds());
            }
            // else: sent before the bucket closed, it says nothing new about when the window ends
            return Optional.of(c.until.isAfter(now) ? Duration.between(now, c.until) : Duration.ZERO);
        } finally {
            lock.unlock();
        }
    }

    private void close(RateLimitBucket.Kind kind, Closed c, Instant now, Optional<Duration> retryAfter) {
        c.consecutive++;
        Duration delay = retryAfter
                .map(d -> d.isNegative() ? Duration.ZERO : d)
                .map(d -> d.compareTo(RETRY_AFTER_CAP) > 0 ? RETRY_AFTER_CAP : d)
                .orElseGet(() -> backoff(c.consecutive));
        c.until = now.plus(delay);
        observer.closed(kind);
    }

    /** The wait after the {@code n}th 429 in a row: n x 10 s, at most 60 s, plus up to 10 % jitter. */
    Duration backoff(int n) {
        Duration base = STEP.multipliedBy(Math.max(1, n));
        base = base.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : base;
        return base.plusMillis((long) (base.toMillis() * JITTER * random.nextDouble()));
    }
}
