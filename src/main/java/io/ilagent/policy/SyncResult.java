package io.ilagent.policy;

import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.ilert.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What one policy update came to; every case is written to the audit history. */
public sealed interface SyncResult {

    /** The level now holds the user; {@code previousUsers} is what it held before. */
    record Applied(long policyId, String policyName, int level, List<UserRel> previousUsers, long userId)
            implements SyncResult {}

    /** The level already held exactly this user: nothing was sent. */
    record NoOp(long policyId, String policyName, int level, long userId) implements SyncResult {}

    /** {@code --dry_run}: the update that would have been sent. */
    record WouldApply(long policyId, String policyName, int level, List<UserRel> previousUsers, long userId)
            implements SyncResult {}

    /** Never going to work as sent (unknown user, unknown routing key, missing level, 403...). */
    record Rejected(Stage stage, String reason) implements SyncResult {}

    /**
     * ilert could not be reached or asked to come back later; the update is retried. {@code held}: the call
     * was not sent because ilert's rate limit is reached (nothing happened, nothing to record).
     */
    record RetryLater(Stage stage, String reason, Optional<Duration> retryAfter, boolean held) implements SyncResult {
        public RetryLater(Stage stage, Outcome.RetryLater<?> outcome) {
            this(stage, outcome.reason(), outcome.retryAfter(), outcome.held());
        }
    }

    /** Which step of the update decided the outcome; recorded with dead letters and in the history. */
    enum Stage { RESOLVE_USER, RESOLVE_POLICY, CHECK_LEVEL, UPDATE_LEVEL }
}
