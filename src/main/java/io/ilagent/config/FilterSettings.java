package io.ilagent.config;

import java.util.Optional;

/**
 * {@code --filter_key} / {@code --filter_val}: a message passes only when it has the key (a dot
 * path; a plain top-level name behaves as in ilagent 0.9.0) and, when a value is given, the key's
 * value is exactly that string. Applies to events and policy messages alike.
 */
public record FilterSettings(Optional<String> key, Optional<String> value) {
    public static final FilterSettings NONE = new FilterSettings(Optional.empty(), Optional.empty());
}
