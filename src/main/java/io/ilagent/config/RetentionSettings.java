package io.ilagent.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the daemon keeps what it no longer needs to deliver: dead letters ({@code --dead_letter_retention},
 * by the time they became dead letters) and policy history ({@code --history_retention}, by the time of the
 * row; the latest rows of each level stay, as the staleness and drift checks read them). Zero keeps for ever.
 */
public record RetentionSettings(Duration deadLetters, Duration history) {
    public static final String DEFAULT_DEAD_LETTERS_TEXT = "30d";
    public static final String DEFAULT_HISTORY_TEXT = "90d";
    /** Shorter non-zero values are refused: a typo such as {@code 30s} for days would throw work away at once. */
    public static final Duration MIN = Duration.ofMinutes(1);
    /** Longer values are refused: nobody means them, and the cut-off time must stay a valid instant. */
    public static final Duration MAX = Duration.ofDays(36_500);

    private static final Duration LONGEST_INTERVAL = Duration.ofHours(1);
    private static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(10);
    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})([smhd])");

    public static RetentionSettings defaults() {
        return new RetentionSettings(parse(DEFAULT_DEAD_LETTERS_TEXT), parse(DEFAULT_HISTORY_TEXT));
    }

    public boolean any() {
        return !deadLetters.isZero() || !history.isZero();
    }

    /**
     * How often the daemon prunes: a tenth of the shorter retention, between 10 s and an hour, so that rows
     * are kept at most about a tenth longer than asked (and a retention of days costs one small DELETE an hour).
     */
    public Duration pruneInterval() {
        Duration shortest = deadLetters.isZero() ? history : history.isZero() ? deadLetters
                : deadLetters.compareTo(history) <= 0 ? deadLetters : history;
        Duration tenth = shortest.dividedBy(10);
        return tenth.compareTo(SHORTEST_INTERVAL) < 0 ? SHORTEST_INTERVAL
                : tenth.compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL : tenth;
    }

    /**
     * A retention as given on the command line: a whole number with a unit, {@code s}, {@code m}, {@code h} or
     * {@code d} (e.g. {@code 30d}, {@code 12h}), or {@code 0} / {@code off} to keep for ever.
     */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("0") || t.equals("off")) {
            return Duration.ZERO;
        }
        Matcher m = TEXT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: give a number with a unit s, m, h "
                    + "or d (e.g. 30d, 12h), or 0 (off) to keep for ever");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** {@code d} in the largest whole unit, as {@link #parse} reads it back: {@code 30d}, {@code 90m}, {@code off}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "off";
        }
        long s = d.toSeconds();
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3_600 == 0 ? s / 3_600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
