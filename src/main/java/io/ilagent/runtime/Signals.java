package io.ilagent.runtime;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM start a graceful stop in every mode (ilagent 0.9.0 handled SIGTERM only when
 * its HTTP server ran). A handler, rather than a shutdown hook, lets the daemon finish its stop and
 * then exit 0 instead of the JVM's 143.
 */
public final class Signals {
    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {}

    public static void onStop(Runnable stop) {
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    log.warn("Received SIG{}, stopping gracefully", signal.getName());
                    stop.run();
                });
            } catch (IllegalArgumentException unsupported) {
                log.debug("Cannot handle SIG{} on this platform", name);
            }
        }
    }
}
