package io.ilagent.runtime;

import io.ilagent.config.AgentConfig;
import io.ilagent.delivery.Database;
import io.ilagent.source.Health;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An agent built by {@link DaemonWiring} exactly as the daemon builds it, on a real SQLite file, with the
 * {@link WiringSeams} a test chose; its components start and stop in the daemon's order (stop: in reverse).
 */
public final class WiredAgent implements AutoCloseable {
    public final Health health = new Health();
    public final Database db;
    public final DaemonWiring.Wired parts;
    private final List<Component> started = new ArrayList<>();
    private final Duration stopTimeout;

    private WiredAgent(AgentConfig config, String version, WiringSeams seams, Duration stopTimeout) {
        this.stopTimeout = stopTimeout;
        db = Database.open(config.databaseFile(), seams.clock());
        try {
            parts = new DaemonWiring(config, version, seams, health, db).wire();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Built, nothing started yet. */
    public static WiredAgent built(AgentConfig config, String version, WiringSeams seams, Duration stopTimeout) {
        return new WiredAgent(config, version, seams, stopTimeout);
    }

    /** Starts every component not started yet, in the daemon's order. */
    public WiredAgent start() {
        return start(parts.components().stream().map(Component::name).toArray(String[]::new));
    }

    /** Starts the named components, in the daemon's order (e.g. "http" without "delivery"). */
    public WiredAgent start(String... names) {
        List<String> wanted = List.of(names);
        for (Component c : parts.components()) {
            if (wanted.contains(c.name()) && !started.contains(c)) {
                try {
                    c.start();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot start " + c.name(), e);
                }
                started.add(c);
            }
        }
        return this;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            for (Component c : parts.components().reversed()) {
                if (!started.contains(c)) {
                    continue;
                }
                try {
                    c.stop(stopTimeout);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("cannot stop " + c.name(), e);
                }
            }
        } finally {
            started.clear();
            db.close();
        }
    }
}
