package io.ilagent.source;

/**
 * Told what became of each message a source received, e.g. to count messages for metrics.
 * {@code kind} is {@code event}, {@code policy}, {@code heartbeat} or {@code none} (no topic matched).
 */
public interface IntakeObserver {
    IntakeObserver NONE = new IntakeObserver() {
        @Override public void received(Message.Source source) {}
        @Override public void classified(Message.Source source, String kind, Result result) {}
    };

    /** ACCEPTED: mapped to work for ilert; REJECTED: unusable (dead letter or refused); SKIPPED: filtered out. */
    enum Result { ACCEPTED, REJECTED, SKIPPED }

    void received(Message.Source source);

    void classified(Message.Source source, String kind, Result result);
}
