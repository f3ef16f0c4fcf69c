package io.ilagent.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a message's own time ({@code --map_key_timestamp}): RFC 3339 text ({@code 2026-12-02T08:00:00Z},
 * {@code 2026-12-02T09:00:00.5+01:00}), or epoch seconds or milliseconds as a number or a string of digits.
 * Numbers above 10^11 are milliseconds: as seconds they would be past the year 5000.
 */
final class SourceTime {
    static final long MILLIS_ABOVE = 100_000_000_000L;
    /**
     * Text longer than this is no time (RFC 3339 with nanoseconds and an offset is 35 characters) and is not
     * read at all: turning a string of a million digits into a number takes the mapper tens of seconds.
     */
    static final int MAX_TEXT_CHARS = 64;
    private static final Pattern NUMBER = Pattern.compile("[0-9]+(\\.[0-9]+)?");

    private SourceTime() {}

    /** @return the time, or empty when {@code node} holds none of the accepted forms */
    static Optional<Instant> read(JsonNode node) {
        if (node.isNumber()) {
            // A number beyond a double's range (1e400) is parsed as infinity, which has no decimal value.
            boolean infinite = (node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue());
            return infinite ? Optional.empty() : epoch(node.decimalValue());
        }
        if (!node.isTextual() || node.textValue().length() > MAX_TEXT_CHARS) {
            return Optional.empty();
        }
        String text = node.textValue().strip();
        if (NUMBER.matcher(text).matches()) {
            return epoch(new BigDecimal(text));
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.replace(' ', 'T')).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> epoch(BigDecimal value) {
        if (value.signum() <= 0) {
            return Optional.empty();
        }
        BigDecimal millis = value.compareTo(BigDecimal.valueOf(MILLIS_ABOVE)) > 0 ? value : value.movePointRight(3);
        try {
            return Optional.of(Instant.ofEpochMilli(millis.setScale(0, RoundingMode.DOWN).longValueExact()));
        } catch (ArithmeticException | DateTimeException tooLarge) {
            return Optional.empty();
        }
    }
}
