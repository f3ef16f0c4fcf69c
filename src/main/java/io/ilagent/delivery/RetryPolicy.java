package io.ilagent.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to try again and when to give up. {@code maxRetries} counts retries, not attempts: 2 means 3
 * attempts in all; 0 means retry for ever (ilagent 0.9.0 counted attempts under the same name).
 */
public record RetryPolicy(int maxRetries, Backoff backoff) {

    public static final int DEFAULT_MAX_RETRIES = 100;

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be 0 (unlimited) or more, was " + maxRetries);
        }
    }

    /** The same backoff, never giving up: for failures of the agent's own store, which are no fault of the item. */
    public RetryPolicy forever() {
        return new RetryPolicy(0, backoff);
    }

    /**
     * The one retry decision.
     *
     * @param attemptsBefore failed attempts before the one that just ended
     * @param failure        how it ended: its reason, the other side's Retry-After, whether it was only held
     */
    public RetryDecision decide(int attemptsBefore, DeliveryResult.RetryLater failure, Instant now) {
        if (failure.held()) {
            Duration wait = backoff.nextDelay(attemptsBefore, Optional.of(failure.retryAfter().orElse(Duration.ZERO)));
            return new RetryDecision.HoldUntil(now.plus(wait), attemptsBefore);
        }
        int attempts = attemptsBefore + 1;
        Optional<Duration> delay = delayAfterFailure(attempts, failure.retryAfter());
        if (delay.isEmpty()) {
            return new RetryDecision.GiveUp("no success after " + attempts + " attempts (max retries " + maxRetries + ")",
                    attempts);
        }
        return new RetryDecision.RetryAt(now.plus(delay.get()), attempts);
    }

    /**
     * @param attemptsSoFar failed attempts including the one just made
     * @return the delay before the next attempt, or empty when retries are used up
     */
    public Optional<Duration> delayAfterFailure(int attemptsSoFar, Optional<Duration> retryAfter) {
        if (maxRetries > 0 && attemptsSoFar > maxRetries) {
            return Optional.empty();
        }
        return Optional.of(backoff.nextDelay(attemptsSoFar, retryAfter));
    }
}
