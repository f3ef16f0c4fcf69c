package io.ilagent.delivery;

import java.time.Duration;
import java.util.Optional;

/**
 * When to give up. {@code maxRetries} counts retries, not attempts: 2 means 3 attempts in all; 0 means
 * retry for ever (ilagent 0.9.0 counted attempts under the same name).
 */
public record RetryPolicy(int maxRetries, Backoff backoff) {

    public static final int DEFAULT_MAX_RETRIES = 100;

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be 0 (unlimited) or more, was " + maxRetries);
        }
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
