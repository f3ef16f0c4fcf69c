package io.ilagent.source.kafka;

import java.time.Duration;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The records of one assigned partition that were taken but are not settled yet, and so its commit point:
 * the lowest unsettled offset, or the offset after the last record taken when all are settled. Records are
 * taken on the consumer thread and settled on delivery threads, in any order. Once the partition is left
 * (revoked, lost, the source stopping) its records are no longer wanted; once it is forgotten, late
 * settlements change nothing.
 */
final class PartitionWindow {
    private enum State { OPEN, LEAVING, FORGOTTEN }

    private final TreeSet<Long> unsettled = new TreeSet<>();
    private final Set<Long> dropped = new HashSet<>(); // unsettled, but no longer being delivered
    private long next = -1;
    private long first = -1;
    private State state = State.OPEN;

    synchronized void taken(long offset) {
        if (first < 0) {
            first = offset;
        }
        unsettled.add(offset);
        next = offset + 1;
    }

    /** The last record taken was not taken after all (its intake failed): it is read again after a seek. */
    synchronized void withdrawn(long offset) {
        unsettled.remove(offset);
        next = offset;
    }

    synchronized void settled(long offset) {
        if (state != State.FORGOTTEN) {
            unsettled.remove(offset);
            dropped.remove(offset);
            notifyAll();
        }
    }

    /** Let go of unsettled: it stays below the commit point, and is no longer waited for. */
    synchronized void dropped(long offset) {
        if (state != State.FORGOTTEN && unsettled.contains(offset)) {
            dropped.add(offset);
            notifyAll();
        }
    }

    /**
     * The offset to commit: every record below it is settled. Empty until it moved past the first record taken
     * (the consumer started there, from the group's committed offset or its reset policy).
     */
    synchronized OptionalLong commitPoint() {
        if (next < 0 || unsettled.contains(first)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(unsettled.isEmpty() ? next : unsettled.first());
    }

    synchronized int unsettled() {
        return unsettled.size();
    }

    synchronized boolean wanted() {
        return state == State.OPEN;
    }

    /** Whether settlements still count, i.e. whether a dead letter's copy belongs on the DLQ topic. */
    synchronized boolean counts() {
        return state != State.FORGOTTEN;
    }

    synchronized void leave() {
        if (state == State.OPEN) {
            state = State.LEAVING;
        }
    }

    /** Waits until every unsettled record is settled or dropped; false when {@code timeout} passed first. */
    synchronized boolean awaitInFlight(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unsettled.size() > dropped.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    synchronized void forget() {
        state = State.FORGOTTEN;
        notifyAll();
    }
}
