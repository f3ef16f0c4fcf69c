package io.ilagent.ilert;

/**
 * Told about every answer (or network failure) of an ilert call, e.g. to count calls for metrics.
 * {@code endpoint} is a fixed name such as {@code events} or {@code users_search}, never a URL, so
 * no key, email address or routing key can reach a metric label through it.
 */
@FunctionalInterface
public interface CallObserver {
    CallObserver NONE = (endpoint, status) -> {};

    /** @param status the HTTP status, or 0 when there was no answer (network error, timeout) */
    void answered(String endpoint, int status);
}
