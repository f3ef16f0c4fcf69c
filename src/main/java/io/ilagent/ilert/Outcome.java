package io.ilagent.ilert;

import java.time.Duration;
import java.util.Optional;

/**
 * What one call to ilert came to. Decided once, by {@link ResponseClassifier}; every caller
 * (delivery, policy sync, one-shot commands) acts on these three cases and nothing else.
 */
public sealed interface Outcome<T> {

    /** ilert accepted the call; {@code value} is the parsed answer (or {@code null} where there is none). */
    record Success<T>(T value, int status) implements Outcome<T> {}

    /**
     * Worth trying again later: network error, timeout, 429 or 5xx; {@code retryAfter} when the server or
     * the {@link RateLimitGate} named a time. {@code held}: the call was not sent at all because its
     * rate-limit bucket is closed (status 0); come back after {@code retryAfter}, which is no failed attempt.
     */
    record RetryLater<T>(String reason, int status, Optional<Duration> retryAfter, boolean held) implements Outcome<T> {
        public RetryLater {
            retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
        }

        public RetryLater(String reason, int status, Optional<Duration> retryAfter) {
            this(reason, status, retryAfter, false);
        }

        /** A call not sent because its rate-limit bucket is closed for {@code wait}. */
        public static <T> RetryLater<T> held(String reason, Duration wait) {
            return new RetryLater<>(reason, 0, Optional.of(wait.isNegative() ? Duration.ZERO : wait), true);
        }
    }

    /** Will never succeed as sent: a reason a person can act on, and the HTTP status (0 when none). */
    record Failed<T>(String reason, int status) implements Outcome<T> {}

    default boolean isSuccess() {
        return this instanceof Success<T>;
    }

    /** One line for logs and CLI output. */
    default String describe() {
        return switch (this) {
            case Success<T> s -> "success (HTTP " + s.status() + ")";
            case RetryLater<T> r when r.held() -> "held: " + r.reason();
            case RetryLater<T> r -> "retry later: " + r.reason()
                    + r.retryAfter().map(d -> " (Retry-After " + d.toSeconds() + " s)").orElse("");
            case Failed<T> f -> "failed: " + f.reason();
        };
    }

    /** Re-types a non-success outcome, for a call chain that stops at the first failure. */
    @SuppressWarnings("unchecked")
    default <U> Outcome<U> castFailure() {
        if (this instanceof Success<T>) {
            throw new IllegalStateException("castFailure on a success");
        }
        return (Outcome<U>) this;
    }
}
