package io.ilagent.source.mqtt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Notices two clients with one client id: most brokers then hand the session back and forth, each connect
 * dropping the other one, for ever. A live connection lost {@link #LIMIT} times within {@link #WINDOW} (or
 * dropped by the broker with "session taken over") is worth one ERROR line with the fix, not a WARN per drop.
 */
final class TakeoverWatch {
    static final int LIMIT = 3;
    static final Duration WINDOW = Duration.ofSeconds(60);

    private final Clock clock;
    private final Deque<Instant> drops = new ArrayDeque<>();
    private Instant lastReported = Instant.MIN;

    TakeoverWatch(Clock clock) {
        this.clock = clock;
    }

    /**
     * A live connection was lost with {@code cause}; returns the ERROR text to log when this looks like a
     * takeover loop, at most once per window.
     */
    synchronized Optional<String> lost(String cause, String clientId) {
        Instant now = clock.instant();
        drops.addLast(now);
        while (!drops.isEmpty() && drops.getFirst().isBefore(now.minus(WINDOW))) {
            drops.removeFirst();
        }
        boolean takenOver = cause.contains("SESSION_TAKEN_OVER");
        if ((drops.size() < LIMIT && !takenOver) || lastReported.isAfter(now.minus(WINDOW))) {
            return Optional.empty();
        }
        lastReported = now;
        return Optional.of((takenOver ? "The MQTT broker says another client took over the session of client id '"
                : "The MQTT broker dropped the connection of client id '") + clientId + "' " + drops.size()
                + " time(s) in the last " + WINDOW.toSeconds() + " s: another client (a second agent?) probably uses the"
                + " same client id, and the broker lets only one connect at a time. Give each agent its own"
                + " -n/--mqtt_name (agents sharing work use --mqtt_shared_group with different names).");
    }
}
