package io.ilagent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.ilert.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UserCacheTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-24T08:00:00Z"));
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };
    private final User alice = new User(7L, "alice@example.com", "Alice", "A");

    @Test
    void foundUserIsRememberedUntilItsTimeToLiveEnds() {
        UserCache cache = new UserCache(clock, Duration.ofMinutes(15), Duration.ofSeconds(60), 10);
        cache.found("alice@example.com", alice);
        now.set(now.get().plus(Duration.ofMinutes(14)));
        assertThat(cache.get("alice@example.com")).map(UserCache.Cached::user).contains(java.util.Optional.of(alice));
        now.set(now.get().plus(Duration.ofMinutes(1)));
        assertThat(cache.get("alice@example.com")).isEmpty();
    }

    @Test
    void notFoundIsRememberedOnlyBriefly() {
        UserCache cache = new UserCache(clock, Duration.ofMinutes(15), Duration.ofSeconds(60), 10);
        cache.notFound("nobody@example.com");
        assertThat(cache.get("nobody@example.com")).map(UserCache.Cached::user).contains(java.util.Optional.empty());
        now.set(now.get().plus(Duration.ofSeconds(60)));
        assertThat(cache.get("nobody@example.com")).isEmpty();
    }

    @Test
    void emailsMatchWhateverTheirCaseAndSurroundingSpace() {
        UserCache cache = UserCache.defaults(clock);
        cache.found("Alice@Example.com", alice);
        assertThat(cache.get(" alice@example.COM ")).isPresent();
    }

    @Test
    void leastRecentlyUsedEntryLeavesWhenFull() {
        UserCache cache = new UserCache(clock, Duration.ofMinutes(15), Duration.ofSeconds(60), 2);
        cache.found("a@x", alice);
        cache.found("b@x", alice);
        cache.get("a@x");
        cache.found("c@x", alice);
        assertThat(cache.get("a@x")).isPresent();
        assertThat(cache.get("b@x")).isEmpty();
        assertThat(cache.get("c@x")).isPresent();
    }

    @Test
    void disabledCacheRemembersNothing() {
        UserCache cache = UserCache.disabled(clock);
        cache.found("alice@example.com", alice);
        cache.notFound("nobody@example.com");
        assertThat(cache.get("alice@example.com")).isEmpty();
        assertThat(cache.get("nobody@example.com")).isEmpty();
    }

    @Test
    void forgottenEmailIsLookedUpAgain() {
        UserCache cache = UserCache.defaults(clock);
        cache.found("alice@example.com", alice);
        cache.forget("ALICE@example.com");
        assertThat(cache.get("alice@example.com")).isEmpty();
    }
}
