package io.ilagent.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * ilagent's logging set-up, made in code: WARN and above to stderr (stdout stays free for command output;
 * the daemon sets the level from {@code -v} at start-up). Logback finds it through the ServiceLoader before
 * it looks for a logback.xml, so the XML parser and logback's configuration model (about 400 classes, a
 * few MB of class metadata and tens of ms of start-up) are never loaded. A file named by
 * {@code -Dlogback.configurationFile}, or a logback-test.xml on the class path, still wins.
 */
public final class ConsoleLogConfigurator extends ContextAwareBase implements Configurator {
    static final String CONFIG_FILE_PROPERTY = "logback.configurationFile";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (xmlConfigurationGiven()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // logback's own XML configuration takes over
        }
        configureConsole(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static boolean xmlConfigurationGiven() {
        return System.getProperty(CONFIG_FILE_PROPERTY) != null
                || ConsoleLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null;
    }

    static void configureConsole(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setPattern(LogLevels.TEXT_PATTERN);
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.setContext(context);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
    }
}
