package io.ilagent.runtime;

import io.ilagent.config.AgentConfig;
import io.ilagent.config.DeliverySettings;
import io.ilagent.config.EventMappingSettings;
import io.ilagent.config.FilterSettings;
import io.ilagent.config.HttpSettings;
import io.ilagent.config.KafkaSettings;
import io.ilagent.config.MqttSettings;
import io.ilagent.config.PolicySettings;
import io.ilagent.config.RetentionSettings;
import io.ilagent.config.TopicSettings;
import io.ilagent.ilert.ApiKey;
import io.ilagent.ilert.IlertEndpoints;
import io.ilagent.sim.IlertSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@link AgentConfig} of an agent built in a test, as flags would give it: ilert is the simulator, no source
 * until a test adds one, the daemon's defaults otherwise except where a test says.
 */
public final class TestConfig {
    /** Policy updates map the field {@code plant} to the routing key; the REST budget is off, as before wiring. */
    public static final PolicySettings PLANT_POLICIES = new PolicySettings(List.of("plant"),
            PolicySettings.DEFAULT_EMAIL_PATH, PolicySettings.DEFAULT_SHIFT_PATH, 0, false, Duration.ofMinutes(1), 0,
            Duration.ZERO, false);

    private final Path databaseFile;
    private final URI ilert;
    private Optional<HttpSettings> http = Optional.empty();
    private Optional<MqttSettings> mqtt = Optional.empty();
    private Optional<KafkaSettings> kafka = Optional.empty();
    private TopicSettings topics = TopicSettings.NONE;
    private PolicySettings policy = PLANT_POLICIES;
    private DeliverySettings delivery = DeliverySettings.defaults();
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Optional<ApiKey> apiKey = ApiKey.fromEnv(IlertSimulator.DEFAULT_API_KEY);

    private TestConfig(Path databaseFile, URI ilert) {
        this.databaseFile = databaseFile;
        this.ilert = ilert;
    }

    public static TestConfig of(Path databaseFile, IlertSimulator sim) {
        return new TestConfig(databaseFile, URI.create(sim.baseUrl()));
    }

    /** {@code -p} on a free loopback port. */
    public TestConfig http() {
        http = Optional.of(new HttpSettings("127.0.0.1", 0));
        return this;
    }

    public TestConfig mqtt(MqttSettings settings) {
        mqtt = Optional.of(settings);
        return this;
    }

    public TestConfig kafka(KafkaSettings settings) {
        kafka = Optional.of(settings);
        return this;
    }

    public TestConfig topics(TopicSettings t) {
        topics = t;
        return this;
    }

    /** {@code --max_retries}, {@code --max_in_flight}, {@code --shutdown_timeout}. */
    public TestConfig delivery(int maxRetries, int maxInFlight, Duration shutdownTimeout) {
        delivery = new DeliverySettings(maxRetries, maxInFlight, shutdownTimeout);
        return this;
    }

    /** {@code --ilert_timeout}-like: how long one ilert call may take. */
    public TestConfig requestTimeout(Duration d) {
        requestTimeout = d;
        return this;
    }

    /** Without {@code ILERT_API_KEY}: events and pings need none. */
    public TestConfig noApiKey() {
        apiKey = Optional.empty();
        return this;
    }

    public AgentConfig build() {
        return new AgentConfig(databaseFile, http, Optional.empty(), mqtt, kafka, topics, EventMappingSettings.NONE,
                FilterSettings.NONE, policy, delivery, RetentionSettings.defaults(),
                new IlertEndpoints(ilert, ilert, Duration.ofSeconds(2), requestTimeout), apiKey);
    }
}
