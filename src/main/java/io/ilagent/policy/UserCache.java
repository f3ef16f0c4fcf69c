package io.ilagent.policy;

import io.ilagent.ilert.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers who an email belongs to, so a shift change costs one ilert call fewer. Bounded (least
 * recently used goes first) and time-limited; "no such user" is remembered briefly too, so a
 * misspelt address in a burst does not cost a call per message.
 */
public final class UserCache {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
    public static final Duration DEFAULT_NOT_FOUND_TTL = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    /** A cached answer: the user, or none for "ilert knows no user with this email". */
    public record Cached(Optional<User> user, Instant expires) {}

    private final Clock clock;
    private final Duration ttl;
    private final Duration notFoundTtl;
    private final Map<String, Cached> entries;

    public UserCache(Clock clock, Duration ttl, Duration notFoundTtl, int maxEntries) {
        this.clock = clock;
        this.ttl = ttl;
        this.notFoundTtl = notFoundTtl;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public static UserCache defaults(Clock clock) {
        return new UserCache(clock, DEFAULT_TTL, DEFAULT_NOT_FOUND_TTL, DEFAULT_MAX_ENTRIES);
    }

    /** A cache that remembers nothing (ilagent's behaviour, for comparisons). */
    public static UserCache disabled(Clock clock) {
        return new UserCache(clock, Duration.ZERO, Duration.ZERO, 0);
    }

    public synchronized Optional<Cached> get(String email) {
        String key = normalise(email);
        Cached e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(e.expires())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(e);
    }

    public synchronized void found(String email, User user) {
        put(email, Optional.of(user), ttl);
    }

    public synchronized void notFound(String email) {
        put(email, Optional.empty(), notFoundTtl);
    }

    /** Forgets an email, e.g. when ilert no longer accepts the cached user id. */
    public synchronized void forget(String email) {
        entries.remove(normalise(email));
    }

    private void put(String email, Optional<User> user, Duration life) {
        if (life.isZero() || life.isNegative()) {
            return;
        }
        entries.put(normalise(email), new Cached(user, clock.instant().plus(life)));
    }

    private static String normalise(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
