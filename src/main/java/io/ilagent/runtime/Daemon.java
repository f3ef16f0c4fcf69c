package io.ilagent.runtime;

import io.ilagent.source.Health;
import io.ilagent.config.AgentConfig;
import io.ilagent.delivery.Database;
import io.ilagent.delivery.DatabaseLock;
import io.ilagent.delivery.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: opens the store, starts the components {@link DaemonWiring} builds from the
 * configuration, and stops them in reverse order on SIGINT/SIGTERM or when one of them fails.
 * Exit code 0 after a requested stop, 1 when a component failed.
 */
public final class Daemon {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final AgentConfig config;
    private final String version;
    private final Clock clock;
    private final Health health = new Health();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicReference<String> failure = new AtomicReference<>();

    public Daemon(AgentConfig config, String version, Clock clock) {
        this.config = config;
        this.version = version;
        this.clock = clock;
    }

    /** Runs until stopped; returns the process exit code. */
    public int run() {
        // The lock comes first: a second daemon must not even migrate the file the first one uses.
        try (DatabaseLock lock = DatabaseLock.acquire(config.databaseFile())) {
            return run(Database.open(config.databaseFile(), clock));
        } catch (StoreException e) {
            log.error("{}", e.getMessage()); // names the file and what to do
            return 1;
        }
    }

    private int run(Database db) {
        Signals.onStop(this::stop);
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> fail(thread.getName(), e));
        List<Component> started = new ArrayList<>();
        try {
            for (Component c : new DaemonWiring(config, version, clock, health, db).components()) {
                c.start();
                started.add(c);
                log.info("Started {}", c.name());
            }
            statusLog().info(UpLine.of(config, version));
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failedToStart(e);
        } finally {
            shutDown(started, db);
        }
        return failure.get() == null ? 0 : 1;
    }

    /**
     * The daemon runs at WARN by default (ilagent's levels); the line saying it is up is meant for
     * that default too, so it goes to a logger of its own that stays at INFO.
     */
    private static Logger statusLog() {
        Logger status = LoggerFactory.getLogger("io.ilagent.status");
        if (status instanceof ch.qos.logback.classic.Logger logback && logback.getLevel() == null) {
            logback.setLevel(ch.qos.logback.classic.Level.INFO);
        }
        return status;
    }

    /** Asks for a graceful stop; returns at once, so it is safe from a signal handler. */
    public void stop() {
        stopRequested.countDown();
    }

    /** A component broke: stop everything and exit non-zero. */
    public void fail(String component, Throwable cause) {
        if (failure.compareAndSet(null, component)) {
            log.error("{} failed, stopping the daemon: {}", component, cause.toString(), cause);
            health.failed(component, cause.toString());
        }
        stop();
    }

    /**
     * What stops the start-up is something to fix outside (a port in use, an unreadable file): one
     * line that says what, and the stack trace only at -vvv.
     */
    private void failedToStart(Exception e) {
        if (failure.compareAndSet(null, "start-up")) {
            String reason = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
            log.error("Cannot start the daemon: {}", reason);
            log.debug("Start-up failure in detail", e);
            health.failed("start-up", reason);
        }
        stop();
    }

    private void shutDown(List<Component> started, Database db) {
        health.stopping();
        Instant deadline = clock.instant().plus(config.delivery().shutdownTimeout());
        for (int i = started.size() - 1; i >= 0; i--) {
            Component c = started.get(i);
            Duration left = Duration.between(clock.instant(), deadline);
            try {
                c.stop(left.isNegative() ? Duration.ZERO : left);
                log.info("Stopped {}", c.name());
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", c.name(), e.toString());
            }
        }
        db.close();
        log.info("ilagent daemon stopped");
    }
}
