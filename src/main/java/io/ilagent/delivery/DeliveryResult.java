package io.ilagent.delivery;

import io.ilagent.ilert.Outcome;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What one delivery attempt came to; the engine acts on these three cases and nothing else. */
public sealed interface DeliveryResult {

    /** Stage name used when a plain ilert call was rejected. */
    String DELIVER = "deliver";

    /** Done; {@code note} is logged (e.g. "HTTP 202"). */
    record Delivered(String note) implements DeliveryResult {}

    /**
     * Try again later; {@code retryAfter} when the other side named a time. {@code held}: nothing was sent
     * because ilert's rate limit for the call is reached; try again after {@code retryAfter}, which does
     * not count as an attempt.
     */
    record RetryLater(String reason, Optional<Duration> retryAfter, boolean held) implements DeliveryResult {
        public RetryLater {
            Objects.requireNonNull(reason, "reason");
            retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
        }

        public RetryLater(String reason, Optional<Duration> retryAfter) {
            this(reason, retryAfter, false);
        }
    }

    /** Will never succeed as it is; goes straight to the dead letters with {@code stage} and {@code reason}. */
    record Rejected(String reason, String stage) implements DeliveryResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(stage, "stage");
        }
    }

    /** Maps an ilert call's outcome; a failure is attributed to {@link #DELIVER}. */
    static DeliveryResult from(Outcome<?> outcome) {
        return from(outcome, DELIVER);
    }

    /** Maps an ilert call's outcome; a failure is attributed to {@code stage}. */
    static DeliveryResult from(Outcome<?> outcome, String stage) {
        return switch (outcome) {
            case Outcome.Success<?> s -> new Delivered("HTTP " + s.status());
            case Outcome.RetryLater<?> r -> new RetryLater(r.reason(), r.retryAfter(), r.held());
            case Outcome.Failed<?> f -> new Rejected(f.reason(), stage);
        };
    }
}
