package io.ilagent.source;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** What a {@link MessageIntake} made of a message: acknowledge it now, or keep it and try again. */
public sealed interface Intake {

    /**
     * The message is safe (stored, delivered, or set aside): the source may acknowledge it.
     *
     * @param deadLetter the reason, when the message was set aside as a dead letter (a source may pass it on,
     *                   e.g. to a Kafka dead-letter topic)
     */
    record Done(String note, Optional<String> deadLetter) implements Intake {
        public Done {
            Objects.requireNonNull(note, "note");
            deadLetter = deadLetter == null ? Optional.empty() : deadLetter;
        }

        public Done(String note) {
            this(note, Optional.empty());
        }
    }

    /**
     * Not yet: the source holds the acknowledgement and offers the same message again after a backoff
     * ({@code retryAfter} when the other side named a time). {@code held}: nothing was sent because
     * ilert's rate limit is reached; offer it again after {@code retryAfter}, which is no failed attempt.
     */
    record RetryLater(String reason, Optional<Duration> retryAfter, boolean held) implements Intake {
        public RetryLater {
            Objects.requireNonNull(reason, "reason");
            retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
        }

        public RetryLater(String reason, Optional<Duration> retryAfter) {
            this(reason, retryAfter, false);
        }
    }

    static Intake done(String note) {
        return new Done(note);
    }

    static Intake deadLettered(String note, String reason) {
        return new Done(note, Optional.of(reason));
    }

    /** Runs one intake step; an unexpected exception becomes a retry, so the source holds the message. */
    static Intake attempt(Supplier<Intake> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            return retryLater(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    static Intake retryLater(String reason) {
        return new RetryLater(reason, Optional.empty());
    }
}
