package io.ilagent.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Health and readiness per component (delivery, mqtt, kafka, http, ...), for /health and /ready.
 * A component is registered as not ready and says when it becomes ready, loses readiness or fails.
 */
public final class Health {

    /** One component's state; {@code detail} says why it is not ready (empty when it is). */
    /** {@code facts}: extra fields for the /ready body, e.g. MQTT's connected and subscriptions_ready. */
    public record State(boolean ready, boolean failed, String detail, Map<String, Object> facts) {
        public State {
            facts = facts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        }
    }

    private final Map<String, State> states = new LinkedHashMap<>();
    private volatile boolean stopping;

    public synchronized void register(String component) {
        states.put(component, new State(false, false, "starting", Map.of()));
    }

    public synchronized void ready(String component) {
        states.put(component, new State(true, false, "", Map.of()));
    }

    public synchronized void notReady(String component, String detail) {
        notReady(component, detail, Map.of());
    }

    public synchronized void notReady(String component, String detail, Map<String, Object> facts) {
        states.put(component, new State(false, false, detail, facts));
    }

    public synchronized void failed(String component, String detail) {
        states.put(component, new State(false, true, detail, Map.of()));
    }

    public void stopping() {
        stopping = true;
    }

    public boolean isStopping() {
        return stopping;
    }

    /** Alive: not stopping and no component has failed. */
    public synchronized boolean healthy() {
        return !stopping && states.values().stream().noneMatch(State::failed);
    }

    /** Ready: healthy and every component ready. */
    public synchronized boolean ready() {
        return healthy() && states.values().stream().allMatch(State::ready);
    }

    public synchronized Map<String, State> snapshot() {
        return Map.copyOf(states);
    }

    /** A component by name with its state. */
    public record Component(String name, State state) {}

    /** The first component, in registration order, that is not ready (a failed one included). */
    public synchronized Optional<Component> firstNotReady() {
        return states.entrySet().stream()
                .filter(e -> !e.getValue().ready())
                .map(e -> new Component(e.getKey(), e.getValue()))
                .findFirst();
    }
}
