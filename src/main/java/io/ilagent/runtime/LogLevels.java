package io.ilagent.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Maps the counted {@code -v} flag to the root log level, as ilagent does (plus trace at four). */
public final class LogLevels {
    private LogLevels() {}

    public static Level forVerbosity(int count) {
        return switch (Math.max(0, count)) {
            case 0, 1 -> Level.WARN;
            case 2 -> Level.INFO;
            case 3 -> Level.DEBUG;
            default -> Level.TRACE;
        };
    }

    /** Applies the level; only the daemon calls this, so one-shot commands never pay for logging start-up. */
    public static void apply(int verbosity) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(forVerbosity(verbosity));
    }
}
