package io.ilagent.cli;

import io.ilagent.config.RetentionSettings;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** How long dead letters and policy history stay in the database file. */
public final class RetentionOptions {
    @Option(names = "--dead_letter_retention", paramLabel = "DURATION",
            defaultValue = RetentionSettings.DEFAULT_DEAD_LETTERS_TEXT, converter = RetentionConverter.class,
            description = "Dead letters older than this (since they became one) are deleted, checked every hour or "
                    + "sooner; a number with s, m, h or d, or 0 = keep for ever (default: ${DEFAULT-VALUE}).")
    Duration deadLetters;

    @Option(names = "--history_retention", paramLabel = "DURATION",
            defaultValue = RetentionSettings.DEFAULT_HISTORY_TEXT, converter = RetentionConverter.class,
            description = "Policy history rows older than this are deleted, except the latest of each level, which "
                    + "the agent needs to order and check updates; 0 = keep for ever (default: ${DEFAULT-VALUE}).")
    Duration history;

    RetentionSettings settings() {
        return new RetentionSettings(deadLetters, history);
    }

    static final class RetentionConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return RetentionSettings.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
