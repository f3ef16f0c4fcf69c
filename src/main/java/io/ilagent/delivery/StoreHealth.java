package io.ilagent.delivery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the agent's own store works, and how many of its operations have failed in a row. Says so once per state
 * change (WARN when it starts failing, INFO when it works again), not once per failure: a full
 * disk would otherwise write thousands of lines a minute to the same disk.
 */
public final class StoreHealth {
    private static final Logger log = LoggerFactory.getLogger(StoreHealth.class);
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** {@code listener} hears each state change: the cause when it starts failing, null when it works again. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** @return failures in a row, counting this one */
    public int failed(String what, RuntimeException cause) {
        int failures = failuresInARow.incrementAndGet();
        if (failures == 1) {
            log.warn("The database failed ({}): {}; work is kept and retried with backoff, and nothing that is not "
                    + "stored is acknowledged", what, cause.getMessage());
            listeners.forEach(l -> l.accept(cause.getMessage()));
        }
        return failures;
    }

    public void succeeded() {
        int before = failuresInARow.getAndSet(0);
        if (before > 0) {
            log.info("The database works again (after {} failures in a row)", before);
            listeners.forEach(l -> l.accept(null));
        }
    }

    public boolean failing() {
        return failuresInARow.get() > 0;
    }
}
