package io.ilagent.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Escalation policy sync: {@code --policy_routing_keys} (field names or dot paths whose values are
 * concatenated in order), {@code --map_key_email}, {@code --map_key_shift}, {@code --shift_offset},
 * {@code --dry_run}, {@code --user_cache_ttl}; the REST call budget {@code --ilert_api_rate} (0 = no pacing);
 * the drift check {@code --policy_check_interval} (zero = off) with {@code --policy_repair}; and
 * {@code --map_key_timestamp} (the message's own time, which then orders updates of one level instead of the
 * receive time).
 */
public record PolicySettings(
        List<String> routingKeyFields, String emailPath, String shiftPath, int shiftOffset, boolean dryRun,
        Duration userCacheTtl, int apiRatePerMinute, Duration checkInterval, boolean repair,
        Optional<String> timestampPath) {
    public static final String DEFAULT_EMAIL_PATH = "data.email";
    public static final String DEFAULT_SHIFT_PATH = "data.shift";

    /** How long an email's user id is remembered; zero turns the cache off (ilagent 0.9.0 looked up every time). */
    public static final Duration DEFAULT_USER_CACHE_TTL = Duration.ofMinutes(15);

    /** ilert's documented limit of REST calls per minute for a user API key. */
    public static final int DEFAULT_API_RATE = 120;

    public PolicySettings(List<String> routingKeyFields, String emailPath, String shiftPath, int shiftOffset,
                          boolean dryRun) {
        this(routingKeyFields, emailPath, shiftPath, shiftOffset, dryRun, DEFAULT_USER_CACHE_TTL);
    }

    public PolicySettings(List<String> routingKeyFields, String emailPath, String shiftPath, int shiftOffset,
                          boolean dryRun, Duration userCacheTtl) {
        this(routingKeyFields, emailPath, shiftPath, shiftOffset, dryRun, userCacheTtl, DEFAULT_API_RATE, Duration.ZERO,
                false);
    }

    public PolicySettings(List<String> routingKeyFields, String emailPath, String shiftPath, int shiftOffset,
                          boolean dryRun, Duration userCacheTtl, int apiRatePerMinute, Duration checkInterval,
                          boolean repair) {
        this(routingKeyFields, emailPath, shiftPath, shiftOffset, dryRun, userCacheTtl, apiRatePerMinute,
                checkInterval, repair, Optional.empty());
    }

    public PolicySettings {
        routingKeyFields = List.copyOf(routingKeyFields);
        timestampPath = timestampPath == null ? Optional.empty() : timestampPath;
    }

    public PolicySettings withTimestampPath(String path) {
        return new PolicySettings(routingKeyFields, emailPath, shiftPath, shiftOffset, dryRun, userCacheTtl,
                apiRatePerMinute, checkInterval, repair, Optional.of(path));
    }

    public static PolicySettings defaults(List<String> routingKeyFields) {
        return new PolicySettings(routingKeyFields, DEFAULT_EMAIL_PATH, DEFAULT_SHIFT_PATH, 0, false);
    }
}
