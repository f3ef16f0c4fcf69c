package io.ilagent.ilert;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** The user API key for Bearer auth. Its {@code toString()} never shows the secret. */
public final class ApiKey {
    private static final String BEARER = "bearer ";
    private final String secret;

    private ApiKey(String secret) {
        this.secret = secret;
    }

    /** From the raw value of ILERT_API_KEY; a leading "Bearer " (any case) is stripped. Blank means none. */
    public static Optional<ApiKey> fromEnv(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String value = raw.strip();
        if (value.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            value = value.substring(BEARER.length()).strip();
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(new ApiKey(value));
    }

    /** True when the raw value carried a "Bearer " prefix that {@link #fromEnv} strips. */
    public static boolean hasBearerPrefix(String raw) {
        return raw != null && raw.strip().toLowerCase(Locale.ROOT).startsWith(BEARER);
    }

    String authorizationHeader() {
        return "Bearer " + secret;
    }

    /** The secret itself, for redaction filters only. */
    public String revealForRedaction() {
        return secret;
    }

    @Override
    public String toString() {
        return "ApiKey[****]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey other && other.secret.equals(secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(secret);
    }
}
