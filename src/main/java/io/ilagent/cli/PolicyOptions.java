package io.ilagent.cli;

import io.ilagent.config.PolicySettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Escalation policy sync flags. */
public final class PolicyOptions {
    @Option(names = "--policy_routing_keys", paramLabel = "FIELDS",
            description = "Comma-separated fields (names or dot paths) whose values, concatenated, form the routing key.")
    String routingKeys;

    @Option(names = "--map_key_email", paramLabel = "PATH", defaultValue = PolicySettings.DEFAULT_EMAIL_PATH,
            description = "Dot path of the user's email (default: ${DEFAULT-VALUE}).")
    String emailPath;

    @Option(names = "--map_key_shift", paramLabel = "PATH", defaultValue = PolicySettings.DEFAULT_SHIFT_PATH,
            description = "Dot path of the shift, i.e. the escalation level (default: ${DEFAULT-VALUE}).")
    String shiftPath;

    @Option(names = "--shift_offset", paramLabel = "N", defaultValue = "0",
            description = "Added to the shift, e.g. --shift_offset=-1 for 1-based shifts; the level is never below 0.")
    int shiftOffset;

    @Option(names = "--dry_run", description = "Resolve users and policies and record what would change, but send no update.")
    boolean dryRun;

    @Option(names = "--user_cache_ttl", paramLabel = "SECONDS", defaultValue = "900",
            description = "How long a user found by email is remembered; 0 looks the user up for every update "
                    + "(default: ${DEFAULT-VALUE}).")
    int userCacheTtlSeconds;

    @Option(names = "--map_key_timestamp", paramLabel = "PATH",
            description = "Dot path of the message's own time (RFC 3339 text, or epoch seconds or milliseconds); when "
                    + "given, it orders the updates of one level instead of the time the agent received them.")
    String timestampPath;

    @Mixin
    ApiRateOptions apiRate = new ApiRateOptions();

    @Option(names = "--policy_check_interval", paramLabel = "SECONDS", defaultValue = "0",
            description = "Every this many seconds, compare the levels the agent set with ilert: a level changed since "
                    + "is logged (WARN), recorded (DRIFT) and counted on /metrics, as 'ilagent policy check' does; "
                    + "0 = off (default: ${DEFAULT-VALUE}).")
    int checkIntervalSeconds;

    @Option(names = "--policy_repair",
            description = "With --policy_check_interval: put the agent's user back on a level found changed. Off by "
                    + "default, because a person may have swapped on-call on purpose during an incident.")
    boolean repair;

    PolicySettings settings() {
        List<String> fields = routingKeys == null ? List.of()
                : Arrays.stream(routingKeys.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new PolicySettings(fields, emailPath, shiftPath, shiftOffset, dryRun, Duration.ofSeconds(userCacheTtlSeconds),
                apiRate.perMinute, Duration.ofSeconds(checkIntervalSeconds), repair, Optional.ofNullable(timestampPath));
    }
}
