package io.ilagent.cli;

import io.ilagent.config.PolicySettings;
import picocli.CommandLine.Option;

/** The REST call budget of the API key; shared by the daemon and {@code policy check}, which use the key. */
public final class ApiRateOptions {
    @Option(names = "--ilert_api_rate", paramLabel = "CALLS", defaultValue = "" + PolicySettings.DEFAULT_API_RATE,
            description = "REST calls per minute made with ILERT_API_KEY (user lookups, escalation policies), spaced "
                    + "evenly so that a burst gets no 429. ilert allows 120 per API key: lower it when other tools "
                    + "share the key, raise it with a raised limit; 0 = no pacing (default: ${DEFAULT-VALUE}).")
    int perMinute;
}
