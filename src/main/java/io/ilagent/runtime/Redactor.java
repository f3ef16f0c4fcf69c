package io.ilagent.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in log text: the configured ones (API key, MQTT password) wherever they appear, and
 * anything that looks like a credential ({@code Authorization: ...}, {@code Bearer ...},
 * {@code password=...}) even when it is not configured here, e.g. in a library's exception message.
 */
public final class Redactor {
    static final String MASK = "****";

    /** Shorter values would mask ordinary words and numbers; no real key or password is that short. */
    private static final int MIN_SECRET_LENGTH = 4;

    private static final List<Pattern> CREDENTIALS = List.of(
            Pattern.compile("(?i)(authorization[\"']?\\s*[:=]\\s*[\"']?(?:bearer\\s+|basic\\s+)?)[^\\s\"',;]+"),
            Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+"),
            Pattern.compile("(?i)((?:password|passwd|pwd|secret|api[_-]?key)[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',;&]+"));

    private final List<String> secrets;

    /** @param secrets exact values to mask; blank and very short ones are ignored */
    public Redactor(Collection<String> secrets) {
        List<String> all = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && s.strip().length() >= MIN_SECRET_LENGTH) {
                all.add(s);
                all.add(jsonEscaped(s)); // as it appears inside a JSON log line
            }
        }
        all.sort(Comparator.comparingInt(String::length).reversed()); // a longer secret may contain a shorter one
        this.secrets = all.stream().distinct().toList();
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        for (Pattern p : CREDENTIALS) {
            Matcher m = p.matcher(out);
            if (m.find()) {
                out = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1)) + MASK);
            }
        }
        return out;
    }

    private static String jsonEscaped(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
