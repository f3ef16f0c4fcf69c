package io.ilagent.ilert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * The pace of one API key's REST calls, so that a burst from this agent gets no 429: at most
 * {@code perMinute} calls in any {@link #WINDOW}, spread evenly, with a small burst for a lone update.
 * A GCRA (generic cell rate algorithm): each call moves a theoretical arrival time on by one interval
 * T, and a call may go once that time is no more than the burst tolerance ahead of now.
 *
 * <p>Why this never exceeds the budget: GCRA with interval T and tolerance (b - 1) T lets through at
 * most {@code b + ceil(W / T) - 1} calls in any half-open window of length W. With
 * {@code T = W / (perMinute - b + 1)} that is exactly {@code perMinute}. ilert (and the simulator)
 * count per fixed minute by arrival, and a fixed minute is one of those windows; W is 61 s rather than
 * 60 so that calls sent T apart and arriving up to a second closer together still fit.
 *
 * <p>Two kinds of call, because holding the PUT of an update whose policy lookup already went wastes
 * that lookup: a {@link Turn#FIRST} call (user search, policy lookup: holding it wastes nothing) leaves
 * the last slot of the burst free and is held rather than waiting more than about one interval; a
 * {@link Turn#NEXT} call (the PUT, or the lookup after a user search) may use that slot and wait up to
 * {@link #NEXT_WAIT} in place. Either
 * way a call that goes is counted, so the bound above holds for both.
 *
 * <p>A held call is not left to find a free slot by luck when it comes back: holding it books the slot it is
 * told to come back for (its place in the GCRA schedule, so the bound above holds) and it is told to come back
 * a little before ({@link #COME_BACK_EARLY}), then waits in place for the slot. Callers held together get
 * slots one interval apart, in the order they asked. A booked slot goes to the first call that asks for a
 * slot within its wait in place, whoever that is (the PUT of an update whose lookup just went takes the next
 * one); a held caller that finds its slot taken is held again for the next free one. A booked slot nobody
 * comes for in time stays unused: a call is never sent later than its slot, so the budget can only be
 * under-used, never exceeded. While calls wait, every slot is used: the burst takes as long as its calls
 * need at the budget's pace.
 */
public final class CallBudget {
    /** ilert's documented limit for a user API key. */
    public static final int ILERT_PER_MINUTE = 120;
    public static final int MIN_PER_MINUTE = 2;
    public static final int MAX_PER_MINUTE = 100_000;
    public static final Duration WINDOW = Duration.ofSeconds(61);
    /**
     * The longest a call that starts work waits in place (holding its worker) rather than being held, at
     * least: up to one interval (at most 1 s), so that a held call coming back a little late or early
     * still finds its turn instead of leaving the budget idle and being held again.
     */
    public static final Duration FIRST_WAIT = Duration.ofMillis(250);
    private static final Duration FIRST_WAIT_CAP = Duration.ofSeconds(1);
    /** How much before its booked slot a held call is told to come back: the way back (claim, lookups) takes some ms. */
    public static final Duration COME_BACK_EARLY = Duration.ofMillis(200);
    /** The longest a call that continues work waits in place; its earlier calls are spent already. */
    public static final Duration NEXT_WAIT = Duration.ofSeconds(2);
    private static final int MAX_BURST = 4;

    /** Whether a call starts a piece of work or continues one whose earlier calls went through. */
    public enum Turn { FIRST, NEXT }

    /** What a call may do now. */
    public sealed interface Decision {
        /** Go after {@code delay} (zero or short); the call is counted. */
        record Go(Duration delay) implements Decision {}

        /** Do not send; ask again after {@code retryIn}. Nothing was counted. */
        record Held(Duration retryIn) implements Decision {}
    }

    private final int perMinute;
    private final int burst;
    private final long intervalNanos;
    private final long toleranceNanos;
    private final long firstWaitNanos;
    private final long comeBackEarlyNanos;
    private long theoreticalArrival = Long.MIN_VALUE; // nanos since the epoch
    /** Slots (nanos since the epoch) booked for held calls and not taken yet, earliest first. */
    private final ArrayDeque<Long> booked = new ArrayDeque<>();

    public CallBudget(int perMinute) {
        if (perMinute < MIN_PER_MINUTE || perMinute > MAX_PER_MINUTE) {
            throw new IllegalArgumentException("calls per minute must be from " + MIN_PER_MINUTE + " to "
                    + MAX_PER_MINUTE + ", got " + perMinute);
        }
        this.perMinute = perMinute;
        this.burst = Math.max(2, Math.min(MAX_BURST, perMinute / 30));
        long slots = perMinute - burst + 1;
        this.intervalNanos = (WINDOW.toNanos() + slots - 1) / slots; // rounded up: never faster than the bound
        this.toleranceNanos = (burst - 1) * intervalNanos;
        this.firstWaitNanos = Math.max(FIRST_WAIT.toNanos(), Math.min(intervalNanos, FIRST_WAIT_CAP.toNanos()));
        this.comeBackEarlyNanos = Math.min(COME_BACK_EARLY.toNanos(), firstWaitNanos / 2);
    }

    public int perMinute() {
        return perMinute;
    }

    /** Calls that may go at once after a quiet spell. */
    public int burst() {
        return burst;
    }

    /** The spacing of calls once the burst is used. */
    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    /** How much before its booked slot a held call is told to come back (it then waits in place for the slot). */
    public Duration comeBackEarly() {
        return Duration.ofNanos(comeBackEarlyNanos);
    }

    public synchronized Decision take(Instant now, Turn turn) {
        long t = nanos(now);
        long maxWait = turn == Turn.NEXT ? NEXT_WAIT.toNanos() : firstWaitNanos;
        while (!booked.isEmpty() && booked.peekFirst() < t) {
            booked.pollFirst(); // nobody came for it in time: that slot went unused
        }
        if (!booked.isEmpty() && booked.peekFirst() - t <= maxWait) {
            return new Decision.Go(Duration.ofNanos(booked.pollFirst() - t));
        }
        long tolerance = turn == Turn.NEXT ? toleranceNanos : toleranceNanos - intervalNanos;
        long earliest = theoreticalArrival == Long.MIN_VALUE ? t : Math.max(t, theoreticalArrival - tolerance);
        theoreticalArrival = Math.max(theoreticalArrival, earliest) + intervalNanos;
        long wait = earliest - t;
        if (wait <= maxWait) {
            return new Decision.Go(Duration.ofNanos(wait));
        }
        booked.addLast(earliest); // later than every slot booked so far: GCRA slots only move on
        return new Decision.Held(Duration.ofNanos(wait - Math.min(comeBackEarlyNanos, wait)));
    }

    /** Slots booked for held calls and not taken yet (for tests and metrics). */
    synchronized int booked() {
        return booked.size();
    }

    private static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
