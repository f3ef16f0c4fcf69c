package io.ilagent.ilert;

import io.ilagent.sim.IlertSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Builds an {@link IlertClient} that talks to a simulator, as the agent would be configured. */
final class SimulatedIlert {
    static final String USER_AGENT = "ilagent/0.10.0-test";

    private SimulatedIlert() {}

    static IlertClient client(IlertSimulator sim) {
        return client(sim, Duration.ofSeconds(10));
    }

    static IlertClient client(IlertSimulator sim, Duration requestTimeout) {
        return client(sim.baseUrl(), ApiKey.fromEnv("Bearer " + IlertSimulator.DEFAULT_API_KEY), requestTimeout);
    }

    static IlertClient client(String baseUrl, Optional<ApiKey> key, Duration requestTimeout) {
        URI base = URI.create(baseUrl);
        return IlertClient.create(new IlertEndpoints(base, base, Duration.ofSeconds(2), requestTimeout), key, USER_AGENT);
    }
}
