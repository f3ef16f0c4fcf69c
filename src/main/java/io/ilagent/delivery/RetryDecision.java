package io.ilagent.delivery;

import java.time.Instant;
import java.util.Objects;

/**
 * What happens after an attempt that did not succeed, decided in one place ({@link RetryPolicy#decide})
 * for every path: a delivery that failed, a call that ilert's rate limit held back, and a write to the
 * agent's own store that failed.
 */
public sealed interface RetryDecision {

    /** Failed attempts so far, counting the one just made (unchanged for a hold). */
    int attempts();

    /** Try again at {@code at}. */
    record RetryAt(Instant at, int attempts) implements RetryDecision {
        public RetryAt {
            Objects.requireNonNull(at, "at");
        }
    }

    /** Nothing was sent (ilert's rate limit for the call is reached): wait until {@code until}; no attempt is counted. */
    record HoldUntil(Instant until, int attempts) implements RetryDecision {
        public HoldUntil {
            Objects.requireNonNull(until, "until");
        }
    }

    /** Retries are used up: the item becomes a dead letter with {@code reason}. */
    record GiveUp(String reason, int attempts) implements RetryDecision {
        public GiveUp {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
