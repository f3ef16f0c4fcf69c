package io.ilagent.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes due items out of the {@link Outbox} and hands them to their kind's handler, one item per lane
 * at a time and at most {@code maxInFlight} lanes at once. Each item keeps its own retry time, so a
 * failing lane never slows the others. Workers are platform threads because JDBC calls pin virtual ones.
 */
public final class DeliveryEngine {

    private static final Logger log = LoggerFactory.getLogger(DeliveryEngine.class);
    /** How long an idle delivery worker waits for the next item before its thread ends. */
    static final Duration WORKER_KEEP_ALIVE = Duration.ofSeconds(30);

    /**
     * @param maxInFlight  lanes delivered at once; 1 delivers one item at a time like ilagent 0.9.0
     * @param pollInterval longest sleep; only a safety net, since enqueues and completions wake the engine
     *                     (it also picks up requeues made by {@code ilagent queue} in another process)
     */
    public record Settings(int maxInFlight, Duration pollInterval) {
        public static final Settings DEFAULT = new Settings(16, Duration.ofSeconds(1));

        public Settings {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
            }
        }
    }

    private final Outbox outbox;
    private final Map<ItemKind, DeliveryHandler> handlers;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final Settings settings;
    private final DeliveryObserver observer;
    private final ExecutorService workers;
    private final Thread scheduler;
    private final ReentrantLock signalLock = new ReentrantLock();
    private final Condition signal = signalLock.newCondition();
    private boolean signalled;
    private volatile boolean running;
    private volatile boolean abandoned;

    public DeliveryEngine(Outbox outbox, Map<ItemKind, DeliveryHandler> handlers, RetryPolicy retryPolicy,
                          Clock clock, Settings settings) {
        this(outbox, handlers, retryPolicy, clock, settings, DeliveryObserver.NONE);
    }

    public DeliveryEngine(Outbox outbox, Map<ItemKind, DeliveryHandler> handlers, RetryPolicy retryPolicy,
                          Clock clock, Settings settings, DeliveryObserver observer) {
        this.outbox = outbox;
        this.observer = observer;
        this.handlers = Map.copyOf(handlers);
        this.retryPolicy = retryPolicy;
        this.clock = clock;
        this.settings = settings;
        this.workers = WorkerPool.create(settings.maxInFlight(), WORKER_KEEP_ALIVE,
                Thread.ofPlatform().name("delivery-", 1).factory());
        this.scheduler = Thread.ofPlatform().name("delivery-scheduler").unstarted(this::schedule);
        outbox.onEnqueue(this::wakeUp);
    }

    public void start() {
        running = true;
        scheduler.start();
        log.info("Delivery started for {} (at most {} lanes at once)", handlers.keySet(), settings.maxInFlight());
    }

    /** Makes the engine look for due items now, e.g. after the clock moved or items were requeued. */
    public void wakeUp() {
        signalLock.lock();
        try {
            signalled = true;
            signal.signalAll();
        } finally {
            signalLock.unlock();
        }
    }

    /**
     * Stops taking new items and waits up to {@code timeout} for deliveries under way. Items not
     * finished by then stay in the outbox as they were. Returns whether everything finished in time.
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        running = false;
        wakeUp();
        if (scheduler.isAlive()) {
            scheduler.join(timeout);
        }
        workers.shutdown();
        boolean finished = workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            abandoned = true;
            workers.shutdownNow();
            log.warn("Delivery stopped with items still under way; they stay queued and are retried on next start");
        } else {
            log.info("Delivery stopped");
        }
        return finished;
    }

    private void schedule() {
        while (running) {
            Duration wait = settings.pollInterval();
            try {
                dispatchDue();
                wait = timeToNextDue();
            } catch (RuntimeException e) {
                log.warn("Delivery could not read the outbox, trying again in {} ms: {}",
                        wait.toMillis(), e.getMessage());
            }
            awaitSignal(wait);
        }
    }

    private void dispatchDue() {
        Set<ItemKind> kinds = handlers.keySet();
        for (OutboxItem item : outbox.claimDue(kinds, settings.maxInFlight() - outbox.inFlightCount())) {
            try {
                workers.execute(() -> deliver(item));
            } catch (RejectedExecutionException e) {
                outbox.release(item); // stopping: the item stays queued as it is
            }
        }
    }

    private Duration timeToNextDue() {
        if (outbox.inFlightCount() >= settings.maxInFlight()) {
            return settings.pollInterval(); // a finishing delivery wakes us
        }
        Instant now = clock.instant();
        Optional<Instant> next = outbox.nextDueAfter(now);
        Duration untilNext = next.map(t -> Duration.between(now, t)).orElse(settings.pollInterval());
        return untilNext.compareTo(settings.pollInterval()) < 0 ? untilNext : settings.pollInterval();
    }

    private void awaitSignal(Duration wait) {
        signalLock.lock();
        try {
            long nanos = wait.toNanos();
            while (!signalled && nanos > 0 && running) {
                nanos = signal.awaitNanos(nanos);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            signalLock.unlock();
        }
    }

    private void deliver(OutboxItem item) {
        DeliveryResult result = attempt(item);
        if (abandoned) {
            outbox.release(item);
            return;
        }
        try {
            record(item, result);
        } catch (RuntimeException e) {
            // The stored state is unchanged, so the item is attempted again: at least once, never lost.
            log.error("Item {}: could not store the delivery result ({}): {}", item.id(), result, e.getMessage());
            outbox.release(item);
        } finally {
            wakeUp();
        }
    }

    private DeliveryResult attempt(OutboxItem item) {
        try {
            DeliveryResult result = handlers.get(item.kind()).deliver(item);
            return result != null ? result
                    : new DeliveryResult.RetryLater("the " + item.kind() + " handler returned no result", Optional.empty());
        } catch (Throwable e) { // a handler bug must cost a retry, never the item or the lane
            return new DeliveryResult.RetryLater(e.getClass().getName() + ": " + e.getMessage(), Optional.empty());
        }
    }

    private void record(OutboxItem item, DeliveryResult result) {
        if (result instanceof DeliveryResult.RetryLater r && r.held()) {
            hold(item, r);
            return;
        }
        int attempts = item.attempts() + 1;
        Optional<Duration> delay = result instanceof DeliveryResult.RetryLater r
                ? retryPolicy.delayAfterFailure(attempts, r.retryAfter()) : Optional.empty();
        observer.attempted(item.kind(), DeliveryObserver.outcomeOf(result, delay.isPresent()),
                Duration.between(item.createdAt(), clock.instant()));
        switch (result) {
            case DeliveryResult.Delivered d -> {
                outbox.delivered(item);
                log.info("Item {} ({}) delivered on attempt {}: {}", item.id(), item.kind(), attempts, d.note());
            }
            case DeliveryResult.RetryLater r -> retryOrBury(item, attempts, r, delay);
            case DeliveryResult.Rejected r -> {
                outbox.bury(item, attempts, r.reason(), r.stage(), r.reason());
                log.warn("Item {} ({}) rejected at {}, moved to dead letters: {}",
                        item.id(), item.kind(), r.stage(), r.reason());
            }
        }
    }

    /**
     * Nothing was sent (ilert's rate limit for the call is reached): the item waits until the limit's gate
     * reopens, keeping its attempt count, and the worker is free for items of other keys. The gate logs
     * the closing once, so the item is logged only at debug level.
     */
    private void hold(OutboxItem item, DeliveryResult.RetryLater r) {
        Instant next = clock.instant().plus(r.retryAfter().orElse(Duration.ZERO));
        outbox.retryAt(item, item.attempts(), next, r.reason());
        log.debug("Item {} ({}) held: {}", item.id(), item.kind(), r.reason());
    }

    private void retryOrBury(OutboxItem item, int attempts, DeliveryResult.RetryLater r, Optional<Duration> delay) {
        if (delay.isPresent()) {
            Instant next = clock.instant().plus(delay.get());
            outbox.retryAt(item, attempts, next, r.reason());
            log.warn("Item {} ({}) attempt {} failed, next attempt in {} ms: {}",
                    item.id(), item.kind(), attempts, delay.get().toMillis(), r.reason());
            return;
        }
        String reason = "no success after " + attempts + " attempts (max retries " + retryPolicy.maxRetries() + ")";
        outbox.bury(item, attempts, reason, DeliveryResult.DELIVER, r.reason());
        log.error("Item {} ({}) moved to dead letters: {}; last error: {}", item.id(), item.kind(), reason, r.reason());
    }
}
