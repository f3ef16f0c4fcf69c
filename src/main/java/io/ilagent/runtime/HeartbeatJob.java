package io.ilagent.runtime;

import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.Outcome;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's own heartbeat ({@code -b}): a ping at start, then every 30 seconds. A failed ping is
 * only logged: the next one comes soon, and ilert alerts when pings stop, which is the point.
 */
public final class HeartbeatJob implements AutoCloseable {
    public static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(HeartbeatJob.class);

    private final IlertClient ilert;
    private final String key;
    private final Duration interval;
    private final ScheduledExecutorService timer;

    public HeartbeatJob(IlertClient ilert, String key, Duration interval) {
        this.ilert = ilert;
        this.key = key;
        this.interval = interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("heartbeat").daemon().factory());
    }

    public void start() {
        timer.scheduleAtFixedRate(this::ping, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void ping() {
        Outcome<Void> outcome = ilert.pingHeartbeat(key);
        if (outcome.isSuccess()) {
            log.info("Heartbeat ping successful");
        } else if (outcome instanceof Outcome.RetryLater<Void> r && r.held()) {
            log.info("Heartbeat ping skipped: {}", outcome.describe()); // the gate logged the 429 already
        } else {
            log.warn("Heartbeat ping failed: {}", outcome.describe());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
