package io.ilagent.runtime;

import io.ilagent.config.RetentionSettings;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.policy.PolicyAudit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention ({@code --dead_letter_retention}, {@code --history_retention}): every
 * {@link RetentionSettings#pruneInterval()}, deletes dead letters and policy history older than asked, so the
 * file (and the e-mail addresses and payloads in it) does not grow for ever. The first run comes a minute after
 * start at the latest, so that an agent restarted more often than the interval still prunes.
 */
final class RetentionJob implements Component {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    private static final Duration FIRST_RUN_AT_THE_LATEST = Duration.ofMinutes(1);

    /** What one run deleted. */
    record Pruned(int deadLetters, int historyRows) {}

    private final RetentionSettings settings;
    private final DeadLetters deadLetters;
    private final PolicyAudit history;
    private final Clock clock;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("retention").daemon().factory());

    RetentionJob(RetentionSettings settings, DeadLetters deadLetters, PolicyAudit history, Clock clock) {
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.history = history;
        this.clock = clock;
    }

    /** The job unless both retentions are off. */
    static Optional<Component> of(RetentionSettings settings, DeadLetters deadLetters, PolicyAudit history, Clock clock) {
        return settings.any() ? Optional.of(new RetentionJob(settings, deadLetters, history, clock)) : Optional.empty();
    }

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public void start() {
        long every = settings.pruneInterval().toMillis();
        timer.scheduleWithFixedDelay(this::runLogged, Math.min(every, FIRST_RUN_AT_THE_LATEST.toMillis()), every,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop(Duration timeout) throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pruning at the clock's time. */
    Pruned runOnce() {
        Instant now = clock.instant();
        int letters = settings.deadLetters().isZero() ? 0 : deadLetters.pruneBefore(now.minus(settings.deadLetters()));
        int rows = settings.history().isZero() ? 0 : history.pruneBefore(now.minus(settings.history()));
        return new Pruned(letters, rows);
    }

    private void runLogged() {
        try {
            Pruned p = runOnce();
            if (p.deadLetters() > 0 || p.historyRows() > 0) {
                log.info("Retention: deleted {} dead letters older than {} and {} policy history rows older than {}",
                        p.deadLetters(), RetentionSettings.format(settings.deadLetters()), p.historyRows(),
                        RetentionSettings.format(settings.history()));
            }
        } catch (RuntimeException e) {
            // The database may be full or failing; the delivery engine reports that state. Try again next time.
            log.warn("Retention failed, trying again in {}: {}", RetentionSettings.format(settings.pruneInterval()),
                    e.getMessage());
        }
    }
}
