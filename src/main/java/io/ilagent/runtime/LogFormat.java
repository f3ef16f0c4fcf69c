package io.ilagent.runtime;

import java.util.Locale;

/** How the daemon writes log lines to stderr: ilagent's text, or one JSON object per line for log shippers. */
public enum LogFormat {
    TEXT, JSON;

    /** From {@code --log_format}; names the allowed values when the value is not one of them. */
    public static LogFormat parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not a log format; use text or json");
        }
    }
}
