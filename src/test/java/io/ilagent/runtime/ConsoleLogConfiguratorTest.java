package io.ilagent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

/** The logging set-up made in code instead of a logback.xml. */
class ConsoleLogConfiguratorTest {

    @Test
    void warningsAndAboveGoToStderrInIlagentsLinePattern() {
        LoggerContext context = new LoggerContext();

        ConsoleLogConfigurator.configureConsole(context);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class, appender -> {
            assertThat(appender.getTarget()).isEqualTo("System.err");
            assertThat(appender.isStarted()).isTrue();
            assertThat(((ConsoleAppender<ILoggingEvent>) appender).getEncoder())
                    .isInstanceOfSatisfying(PatternLayoutEncoder.class,
                            encoder -> assertThat(encoder.getPattern()).isEqualTo(LogLevels.TEXT_PATTERN));
        });
    }

    @Test
    void aLogbackFileNamedWithASystemPropertyTakesOver() {
        String before = System.getProperty(ConsoleLogConfigurator.CONFIG_FILE_PROPERTY);
        System.setProperty(ConsoleLogConfigurator.CONFIG_FILE_PROPERTY, "/etc/ilagent/logback.xml");
        try {
            LoggerContext context = new LoggerContext();

            assertThat(new ConsoleLogConfigurator().configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
        } finally {
            if (before == null) {
                System.clearProperty(ConsoleLogConfigurator.CONFIG_FILE_PROPERTY);
            } else {
                System.setProperty(ConsoleLogConfigurator.CONFIG_FILE_PROPERTY, before);
            }
        }
    }
}
