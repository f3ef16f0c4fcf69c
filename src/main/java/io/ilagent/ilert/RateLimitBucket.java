package io.ilagent.ilert;

import java.util.Locale;
import java.util.Objects;

/**
 * Which of ilert's rate limits a call counts against: REST calls per API key, events per integration
 * key, heartbeat pings per key. {@code key} tells buckets of one kind apart inside the gate only; it is
 * a credential, so it never appears in {@link #toString()}, a log line or a metric label.
 */
public record RateLimitBucket(Kind kind, String key) {

    /** The REST calls of the client's API key (one client, one API key). */
    public static final RateLimitBucket REST = new RateLimitBucket(Kind.REST, "");

    public RateLimitBucket {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
    }

    public static RateLimitBucket events(String integrationKey) {
        return new RateLimitBucket(Kind.EVENTS, integrationKey);
    }

    public static RateLimitBucket heartbeats(String key) {
        return new RateLimitBucket(Kind.HEARTBEATS, key);
    }

    /** ilert's limits, per one-minute window: 120 per API key, 50 per integration key, 5 per heartbeat key. */
    public enum Kind {
        REST("REST calls of the API key"),
        EVENTS("events of one integration key"),
        HEARTBEATS("heartbeat pings of one key");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** For log lines: what is held, without naming a key. */
        public String description() {
            return description;
        }

        /** For metric labels: {@code rest}, {@code events}, {@code heartbeats}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public String toString() {
        return "RateLimitBucket[" + kind.label() + "]";
    }
}
