package io.ilagent.sim;

import java.util.Optional;

/**
 * An error answer to inject: the status, the requests it hits, and a {@code Retry-After} value
 * when wanted (ilert itself sends none, but clients must honour one if it ever appears).
 */
public record Failure(int status, Target target, Optional<String> retryAfter) {
    public Failure {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        target = target == null ? Target.any() : target;
        retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
    }

    public static Failure status(int status) {
        return new Failure(status, Target.any(), Optional.empty());
    }

    public Failure on(Target newTarget) {
        return new Failure(status, newTarget, retryAfter);
    }

    public Failure on(String method, String pathPrefix) {
        return on(Target.of(method, pathPrefix));
    }

    public Failure retryAfter(String value) {
        return new Failure(status, target, Optional.of(value));
    }
}
