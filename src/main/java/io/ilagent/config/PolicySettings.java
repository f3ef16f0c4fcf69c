package io.ilagent.config;

import java.util.List;

/**
 * Escalation policy sync: {@code --policy_routing_keys} (field names or dot paths whose values are
 * concatenated in order), {@code --map_key_email}, {@code --map_key_shift}, {@code --shift_offset},
 * {@code --dry_run}.
 */
public record PolicySettings(
        List<String> routingKeyFields, String emailPath, String shiftPath, int shiftOffset, boolean dryRun) {
    public static final String DEFAULT_EMAIL_PATH = "data.email";
    public static final String DEFAULT_SHIFT_PATH = "data.shift";

    public PolicySettings {
        routingKeyFields = List.copyOf(routingKeyFields);
    }

    public static PolicySettings defaults(List<String> routingKeyFields) {
        return new PolicySettings(routingKeyFields, DEFAULT_EMAIL_PATH, DEFAULT_SHIFT_PATH, 0, false);
    }
}
