package io.ilagent.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The trouble the simulator is told to make: injected errors, dropped connections, latency, rate limits. */
final class Faults {
    /** ilert's documented limit for user API keys, per fixed one-minute window. */
    static final int ILERT_API_KEY_LIMIT_PER_MINUTE = 120;
    /** ilert's documented limit for events per alert-source integration key, per fixed one-minute window. */
    static final int ILERT_EVENT_LIMIT_PER_MINUTE = 50;

    private final Clock clock;
    private final List<Pending<Failure>> failures = new ArrayList<>();
    private final List<Pending<Target>> drops = new ArrayList<>();
    private final Map<String, Duration> latencies = new LinkedHashMap<>();
    private final Map<String, Window> windows = new HashMap<>();
    private final Map<String, Window> eventWindows = new HashMap<>();
    private Duration globalLatency = Duration.ZERO;
    private int limitPerMinute = ILERT_API_KEY_LIMIT_PER_MINUTE;
    private int eventLimitPerMinute; // off unless asked for, so tests that send many events are not limited

    private static final class Pending<T> {
        final T what;
        int remaining;

        Pending(T what, int remaining) {
            this.what = what;
            this.remaining = remaining;
        }
    }

    private record Window(long minute, int count) {}

    Faults(Clock clock) {
        this.clock = clock;
    }

    synchronized void failNext(int count, Failure failure) {
        if (count > 0) {
            failures.add(new Pending<>(failure, count));
        }
    }

    synchronized void dropNext(int count, Target target) {
        if (count > 0) {
            drops.add(new Pending<>(target, count));
        }
    }

    synchronized void latency(Duration delay) {
        globalLatency = delay;
    }

    synchronized void latency(String pathPrefix, Duration delay) {
        latencies.put(pathPrefix, delay);
    }

    /** 0 switches the limit off. */
    synchronized void rateLimitPerMinute(int limit) {
        limitPerMinute = limit;
        windows.clear();
    }

    /** Events per integration key; 0 switches the limit off (the default). */
    synchronized void eventRateLimitPerMinute(int limit) {
        eventLimitPerMinute = limit;
        eventWindows.clear();
    }

    /** Consumes one injected failure matching this request, the oldest first. */
    synchronized Optional<Failure> takeFailure(String method, String path) {
        return take(failures, p -> p.what.target().matches(method, path)).map(p -> p.what);
    }

    synchronized boolean takeDrop(String method, String path) {
        return take(drops, p -> p.what.matches(method, path)).isPresent();
    }

    /** The global latency plus the longest per-path latency that applies. */
    synchronized Duration latencyFor(String path) {
        Duration specific = latencies.entrySet().stream()
                .filter(e -> path.startsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .max(Duration::compareTo).orElse(Duration.ZERO);
        return globalLatency.plus(specific);
    }

    /** Counts one REST call for this key; false when the key used up its current window. */
    synchronized boolean admit(String apiKey) {
        return admit(windows, limitPerMinute, apiKey);
    }

    /** Counts one event for this integration key; false when the key used up its current window. */
    synchronized boolean admitEvent(String integrationKey) {
        return admit(eventWindows, eventLimitPerMinute, integrationKey);
    }

    private boolean admit(Map<String, Window> counts, int limit, String key) {
        if (limit <= 0) {
            return true;
        }
        long minute = clock.millis() / 60_000;
        Window w = counts.get(key);
        int count = w == null || w.minute() != minute ? 0 : w.count();
        if (count >= limit) {
            return false;
        }
        counts.put(key, new Window(minute, count + 1));
        return true;
    }

    synchronized void reset() {
        failures.clear();
        drops.clear();
        latencies.clear();
        windows.clear();
        eventWindows.clear();
        globalLatency = Duration.ZERO;
    }

    private static <T> Optional<Pending<T>> take(List<Pending<T>> pending, java.util.function.Predicate<Pending<T>> hit) {
        for (Iterator<Pending<T>> it = pending.iterator(); it.hasNext(); ) {
            Pending<T> p = it.next();
            if (hit.test(p)) {
                if (--p.remaining <= 0) {
                    it.remove();
                }
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
