package io.ilagent.runtime;

import java.time.Duration;

/** A part of the daemon with a life of its own: a source, the delivery engine, the heartbeat job. */
public interface Component {
    String name();

    void start() throws Exception;

    /** Stops taking new work and finishes or parks what is under way, within {@code timeout}. */
    void stop(Duration timeout) throws Exception;
}
