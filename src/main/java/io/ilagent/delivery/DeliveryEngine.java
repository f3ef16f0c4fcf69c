package io.ilagent.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that delivers and retries. Takes due items out of its two stores, the {@link MemoryLanes}
 * (messages their source keeps until settled) and the durable {@link Outbox}, and hands them to their kind's
 * handler, one item per lane at a time and at most {@code maxInFlight} lanes at once. Each item keeps its
 * own retry time, so a failing lane never slows the others; what follows a failure is decided by
 * {@link RetryPolicy#decide}, also when the database itself fails. Workers are platform threads because
 * JDBC calls pin virtual ones.
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
        public Settings {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
            }
        }
    }

    private final Outbox outbox;
    private final MemoryLanes memory;
    private final Map<ItemKind, DeliveryHandler> handlers;
    private final RetryPolicy retryPolicy;
    private final StoreHealth storeHealth;
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
        this(outbox, handlers, retryPolicy, clock, settings, observer, new StoreHealth());
    }

    /** @param storeHealth the database's state, shared with the intakes that write to it */
    public DeliveryEngine(Outbox outbox, Map<ItemKind, DeliveryHandler> handlers, RetryPolicy retryPolicy,
                          Clock clock, Settings settings, DeliveryObserver observer, StoreHealth storeHealth) {
        this.outbox = outbox;
        this.storeHealth = storeHealth;
        this.memory = new MemoryLanes(outbox, clock, outbox.supersededListener());
        this.observer = observer;
        this.handlers = Map.copyOf(handlers);
        this.retryPolicy = retryPolicy;
        this.clock = clock;
        this.settings = settings;
        this.workers = WorkerPool.create(settings.maxInFlight(), WORKER_KEEP_ALIVE,
                Thread.ofPlatform().name("delivery-", 1).factory());
        this.scheduler = Thread.ofPlatform().name("delivery-scheduler").unstarted(this::schedule);
        outbox.onEnqueue(this::wakeUp);
        memory.onSubmit(this::wakeUp);
    }

    /** The in-memory store, for sources that keep their messages until they are settled. */
    public MemoryLanes memory() {
        return memory;
    }

    /**
     * {@code listener} hears when the database starts failing (with the cause) and when it works again
     * (null), once per change of the state the engine shares with the intakes; the daemon reports it on /ready.
     */
    public void onStoreStateChange(Consumer<String> listener) {
        storeHealth.onChange(listener);
    }

    /** Whether writes to the database fail right now (e.g. a full disk). */
    public boolean storeFailing() {
        return storeHealth.failing();
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
                // On a full disk claiming works or fails depending on what it must write: only a stored result
                // says the database works again, or the state would flip with every turn of this loop.
                storeHealth.failed("claim due items from the outbox, trying again every " + wait.toMillis() + " ms", e);
            }
            awaitSignal(wait);
        }
    }

    /** In-memory items first: their sources hold a window of unsettled messages open for them. */
    private void dispatchDue() {
        Set<ItemKind> kinds = handlers.keySet();
        for (ItemStore store : List.<ItemStore>of(memory, outbox)) {
            for (OutboxItem item : store.claimDue(kinds, settings.maxInFlight() - outbox.claims().count())) {
                try {
                    workers.execute(() -> deliver(store, item));
                } catch (RejectedExecutionException e) {
                    store.release(item); // stopping: the item stays where it is
                }
            }
        }
    }

    private Duration timeToNextDue() {
        if (outbox.claims().count() >= settings.maxInFlight()) {
            return settings.pollInterval(); // a finishing delivery wakes us
        }
        Instant now = clock.instant();
        Optional<Instant> next = Stream.of(memory.nextDueAfter(now), outbox.nextDueAfter(now))
                .flatMap(Optional::stream).min(Instant::compareTo);
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

    private void deliver(ItemStore store, OutboxItem item) {
        DeliveryResult result = attempt(item);
        if (abandoned) {
            store.release(item);
            return;
        }
        try {
            record(store, item, result);
            storeHealth.succeeded();
        } catch (RuntimeException e) {
            // Nothing changed where the item is kept, so it is attempted again (at least once, never lost),
            // after a backoff like any other failure: a full disk must not turn into a loop of ilert calls.
            int failures = storeHealth.failed("item " + item.id() + ": store what its attempt came to, " + describe(result), e);
            RetryDecision later = retryPolicy.forever().decide(failures - 1,
                    new DeliveryResult.RetryLater("could not store the result: " + e.getMessage(), Optional.empty()),
                    clock.instant());
            store.postpone(item, ((RetryDecision.RetryAt) later).at());
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
            log.debug("Item {} ({}): the handler failed", item.id(), item.kind(), e);
            String reason = e instanceof StoreException ? e.getMessage()
                    : "unexpected error in the " + item.kind() + " handler: " + (e.getMessage() != null ? e.getMessage() : e);
            return new DeliveryResult.RetryLater(reason, Optional.empty());
        }
    }

    private void record(ItemStore store, OutboxItem item, DeliveryResult result) {
        switch (result) {
            case DeliveryResult.Delivered d -> {
                observer.attempted(item.kind(), DeliveryObserver.AttemptEnd.DELIVERED, sinceReceipt(item));
                store.delivered(item, d.note());
                log.info("Item {} ({}) delivered on attempt {}: {}", item.id(), item.kind(), item.attempts() + 1, d.note());
            }
            case DeliveryResult.Rejected r -> {
                observer.attempted(item.kind(), DeliveryObserver.AttemptEnd.REJECTED, sinceReceipt(item));
                store.bury(item, item.attempts() + 1, r.reason(), r.stage(), r.reason());
                log.warn("Item {} ({}) rejected at {}, moved to dead letters: {}",
                        item.id(), item.kind(), r.stage(), r.reason());
            }
            case DeliveryResult.RetryLater r -> retryLater(store, item, r);
        }
    }

    private void retryLater(ItemStore store, OutboxItem item, DeliveryResult.RetryLater r) {
        switch (retryPolicy.decide(item.attempts(), r, clock.instant())) {
            // Nothing was sent (ilert's rate limit): no attempt counted; the gate logs the closing once.
            case RetryDecision.HoldUntil hold -> {
                store.retryAt(item, hold.attempts(), hold.until(), r.reason());
                log.debug("Item {} ({}) held: {}", item.id(), item.kind(), r.reason());
            }
            case RetryDecision.RetryAt retry -> {
                observer.attempted(item.kind(), DeliveryObserver.AttemptEnd.RETRY, sinceReceipt(item));
                store.retryAt(item, retry.attempts(), retry.at(), r.reason());
                log.warn("Item {} ({}) attempt {} failed, next attempt in {} ms: {}", item.id(), item.kind(),
                        retry.attempts(), Duration.between(clock.instant(), retry.at()).toMillis(), r.reason());
            }
            case RetryDecision.GiveUp giveUp -> {
                observer.attempted(item.kind(), DeliveryObserver.AttemptEnd.EXHAUSTED, sinceReceipt(item));
                store.bury(item, giveUp.attempts(), giveUp.reason(), DeliveryResult.DELIVER, r.reason());
                log.error("Item {} ({}) moved to dead letters: {}; last error: {}", item.id(), item.kind(),
                        giveUp.reason(), r.reason());
            }
        }
    }

    private static String describe(DeliveryResult result) {
        return switch (result) {
            case DeliveryResult.Delivered d -> "delivered (" + d.note() + ")";
            case DeliveryResult.RetryLater r -> "retry later (" + r.reason() + ")";
            case DeliveryResult.Rejected r -> "rejected at " + r.stage() + " (" + r.reason() + ")";
        };
    }

    private Duration sinceReceipt(OutboxItem item) {
        return Duration.between(item.createdAt(), clock.instant());
    }
}
