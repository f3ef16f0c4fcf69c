package io.ilagent.pipeline;

import java.util.Objects;

/**
 * What a mapper made of one message: a command to deliver, a message the filter excludes (not an
 * error), or a rejection with a reason a person can act on.
 */
public sealed interface Mapped<T> {

    record Accepted<T>(T value) implements Mapped<T> {
        public Accepted {
            Objects.requireNonNull(value, "value");
        }
    }

    record Filtered<T>(String reason) implements Mapped<T> {
        public Filtered {
            Objects.requireNonNull(reason, "reason");
        }
    }

    record Rejected<T>(String reason) implements Mapped<T> {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static <T> Mapped<T> accepted(T value) {
        return new Accepted<>(value);
    }

    static <T> Mapped<T> filtered(String reason) {
        return new Filtered<>(reason);
    }

    static <T> Mapped<T> rejected(String reason) {
        return new Rejected<>(reason);
    }

    /** Carries a filter or rejection over to another result type; only for non-accepted results. */
    default <U> Mapped<U> notAccepted() {
        return switch (this) {
            case Accepted<T> a -> throw new IllegalStateException("accepted result has a value: " + a);
            case Filtered<T> f -> new Filtered<>(f.reason());
            case Rejected<T> r -> new Rejected<>(r.reason());
        };
    }
}
