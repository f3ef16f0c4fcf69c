package io.ilagent.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * Maps the counted {@code -v} flag to the root log level, as ilagent does (plus trace at four), and
 * sets the line format and the secret masking of the daemon's log output.
 */
public final class LogLevels {
    /** The pattern of {@link ConsoleLogConfigurator}, so text lines look alike before and after -v is applied. */
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n";

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
        root().setLevel(forVerbosity(verbosity));
    }

    /** Level, line format and masking for every console appender of the root logger. */
    public static void apply(int verbosity, LogFormat format, Redactor redactor) {
        Logger root = root();
        root.setLevel(forVerbosity(verbosity));
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out) {
                Encoder<ILoggingEvent> encoder = new RedactingEncoder(encoder(format, root.getLoggerContext()), redactor);
                encoder.setContext(root.getLoggerContext());
                encoder.start();
                out.stop();
                out.setEncoder(encoder);
                out.start();
            }
        }
    }

    private static Encoder<ILoggingEvent> encoder(LogFormat format, LoggerContext context) {
        return switch (format) {
            case TEXT -> {
                PatternLayoutEncoder text = new PatternLayoutEncoder();
                text.setPattern(TEXT_PATTERN);
                text.setContext(context);
                yield text;
            }
            case JSON -> {
                // One object per line: time, level, thread, logger, formatted message, MDC and exception.
                JsonEncoder json = new JsonEncoder();
                json.setWithSequenceNumber(false);
                json.setWithNanoseconds(false);
                json.setWithContext(false);
                json.setWithMessage(false);
                json.setWithArguments(false);
                json.setWithFormattedMessage(true);
                json.setContext(context);
                yield json;
            }
        };
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
