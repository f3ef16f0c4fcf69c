package io.ilagent.runtime;

import io.ilagent.config.AgentConfig;
import io.ilagent.config.KafkaSettings;
import io.ilagent.config.MqttSettings;
import io.ilagent.delivery.Backoff;
import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.DeliveryEngine;
import io.ilagent.delivery.DeliveryHandler;
import io.ilagent.delivery.EventDeliveryHandler;
import io.ilagent.delivery.EventPayload;
import io.ilagent.delivery.HeartbeatDeliveryHandler;
import io.ilagent.delivery.HeartbeatPayload;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.PolicyUpdatePayload;
import io.ilagent.delivery.QueueStats;
import io.ilagent.delivery.RawMessage;
import io.ilagent.delivery.RetryPolicy;
import io.ilagent.delivery.StoreHealth;
import io.ilagent.delivery.WorkCodec;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.RateLimitGate;
import io.ilagent.pipeline.EngineIntake;
import io.ilagent.pipeline.EventMapper;
import io.ilagent.pipeline.HeartbeatMapper;
import io.ilagent.pipeline.MessageClassifier;
import io.ilagent.pipeline.MessageDeadLetters;
import io.ilagent.pipeline.PolicyMapper;
import io.ilagent.pipeline.RawMessageHandler;
import io.ilagent.pipeline.TopicRouter;
import io.ilagent.policy.DriftCheck;
import io.ilagent.policy.PolicyAudit;
import io.ilagent.policy.PolicySync;
import io.ilagent.policy.PolicyUpdateHandler;
import io.ilagent.policy.UserCache;
import io.ilagent.source.Health;
import io.ilagent.source.MessageIntake;
import io.ilagent.source.http.HttpSource;
import io.ilagent.source.kafka.KafkaSource;
import io.ilagent.source.mqtt.MqttSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that builds the daemon's parts from the validated configuration, by constructor. Tests build
 * their agents here too, with {@link WiringSeams} in place of the clock, jitter and waits of production.
 */
public final class DaemonWiring {
    private final AgentConfig config;
    private final String version;
    private final WiringSeams seams;
    private final Clock clock;
    private final Health health;
    private final Database db;
    private final Metrics metrics = new Metrics();

    DaemonWiring(AgentConfig config, String version, Clock clock, Health health, Database db) {
        this(config, version, WiringSeams.production(clock), health, db);
    }

    public DaemonWiring(AgentConfig config, String version, WiringSeams seams, Health health, Database db) {
        this.config = config;
        this.version = version;
        this.seams = seams;
        this.clock = seams.clock();
        this.health = health;
        this.db = db;
    }

    /**
     * What was built: the components in start order (the daemon stops them in reverse, so sources stop taking
     * work before delivery stops) and the parts a test looks into.
     */
    public record Wired(List<Component> components, DeliveryEngine engine, Outbox outbox, DeadLetters deadLetters,
            Optional<MqttSource> mqtt, Optional<KafkaSource> kafka, Optional<HttpSource> http, Metrics metrics) {}

    /** In start order; the daemon stops them in reverse, so sources stop taking work before delivery stops. */
    List<Component> components() {
        return wire().components();
    }

    public Wired wire() {
        IlertClient ilert = IlertClient.create(config.ilert(), config.apiKey(), "ilagent/" + version, metrics,
                RateLimitGate.withRestBudget(clock, seams.random().get(), metrics, config.policy().apiRatePerMinute()));
        PolicyAudit audit = new PolicyAudit(db, clock, metrics::policyUpdate);
        WorkCodec codec = new WorkCodec();
        PolicyUpdateHandler policy = new PolicyUpdateHandler(
                new PolicySync(ilert, userCache(), config.policy().dryRun(), clock), audit, codec);
        metrics.watch(new QueueStats(db, clock, seams.timings().metricsCache()));
        Outbox outbox = new Outbox(db, clock, policy);
        Map<ItemKind, DeliveryHandler> handlers = new EnumMap<>(ItemKind.class);
        codec.register(handlers, EventPayload.class, new EventDeliveryHandler(ilert));
        codec.register(handlers, HeartbeatPayload.class, new HeartbeatDeliveryHandler(ilert));
        codec.register(handlers, PolicyUpdatePayload.class, policy);
        MessageClassifier classifier = classifier(TopicRouter.mqtt(config.topics()));
        MessageClassifier kafkaClassifier = classifier(TopicRouter.kafka(config.topics()));
        DeadLetters deadLetters = new DeadLetters(db, clock);
        MessageDeadLetters letters = new MessageDeadLetters(deadLetters, codec);
        StoreHealth database = new StoreHealth();
        EngineIntake buffered = EngineIntake.buffered(classifier, outbox, letters, database);
        codec.register(handlers, RawMessage.class, new RawMessageHandler(buffered,
                EngineIntake.buffered(kafkaClassifier, outbox, letters, database)));
        DeliveryEngine engine = new DeliveryEngine(outbox, handlers,
                new RetryPolicy(config.delivery().maxRetries(), new Backoff(seams.random().get())), clock,
                new DeliveryEngine.Settings(config.delivery().maxInFlight(), seams.timings().deliveryPoll()), metrics,
                database);

        List<Component> components = new ArrayList<>();
        components.add(delivery(engine));
        config.heartbeatKey().ifPresent(key -> components.add(heartbeat(ilert, key)));
        Optional<HttpSource> http = config.http().map(settings -> new HttpSource(settings, outbox, ilert, health,
                version, metrics::scrape, metrics, database));
        http.ifPresent(source -> components.add(httpSource(source)));
        Optional<MqttSource> mqtt = config.mqtt().map(settings -> mqttSource(settings, seams.intakeTap().apply(
                settings.buffer() ? buffered : EngineIntake.inMemory(classifier, engine.memory(), letters, database))));
        mqtt.ifPresent(source -> components.add(mqttComponent(source)));
        Optional<KafkaSource> kafka = config.kafka().map(settings -> kafkaSource(settings, seams.intakeTap().apply(
                EngineIntake.inMemory(kafkaClassifier, engine.memory(), letters, database)), engine));
        kafka.ifPresent(source -> components.add(kafkaComponent(source)));
        PolicyCheckJob.of(config.policy(), () -> new DriftCheck(ilert, audit, policy::apply), metrics)
                .ifPresent(components::add);
        RetentionJob.of(config.retention(), deadLetters, audit, clock).ifPresent(components::add);
        health.snapshot().keySet().forEach(component -> metrics.watch(health, component));
        return new Wired(List.copyOf(components), engine, outbox, deadLetters, mqtt, kafka, http, metrics);
    }

    private MessageClassifier classifier(TopicRouter router) {
        return new MessageClassifier(router, new EventMapper(config.mapping(), config.filter()),
                new PolicyMapper(config.policy(), config.filter()), new HeartbeatMapper(), metrics);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private UserCache userCache() {
        Duration ttl = config.policy().userCacheTtl();
        return ttl.isZero() ? UserCache.disabled(clock)
                : new UserCache(clock, ttl, min(ttl, UserCache.DEFAULT_NOT_FOUND_TTL), UserCache.DEFAULT_MAX_ENTRIES);
    }

    private Component delivery(DeliveryEngine engine) {
        health.register("delivery");
        engine.onStoreStateChange(cause -> {
            if (cause == null) {
                health.ready("delivery");
            } else {
                health.notReady("delivery", "the database cannot be written (" + cause + "); nothing is acknowledged "
                        + "that is not stored");
            }
        });
        return new Component() {
            @Override public String name() { return "delivery"; }
            @Override public void start() {
                engine.start();
                health.ready("delivery");
            }
            @Override public void stop(Duration timeout) throws InterruptedException {
                engine.stop(timeout);
            }
        };
    }

    private MqttSource mqttSource(MqttSettings mqtt, MessageIntake intake) {
        // Only a message the intake cannot store waits at the source (for ever); deliveries retry in the engine.
        RetryPolicy retry = new RetryPolicy(0, new Backoff(seams.random().get()));
        MqttSource source = new MqttSource(mqtt, config.topics(), intake, retry, health, clock,
                seams.timings().tlsCheck(), db);
        metrics.watchConnection(health, "mqtt");
        return source;
    }

    private static Component mqttComponent(MqttSource source) {
        return new Component() {
            @Override public String name() { return "mqtt"; }
            @Override public void start() { source.start(); }
            @Override public void stop(Duration timeout) throws InterruptedException { source.stop(timeout); }
        };
    }

    private KafkaSource kafkaSource(KafkaSettings kafka, MessageIntake intake, DeliveryEngine engine) {
        // Deliveries and their retries are the engine's; only a record the intake cannot store waits at the source.
        RetryPolicy retry = new RetryPolicy(0, new Backoff(seams.random().get()));
        return new KafkaSource(kafka, config.topics(), intake, engine.memory(), retry,
                config.delivery().shutdownTimeout(), health, clock);
    }

    private static Component kafkaComponent(KafkaSource source) {
        return new Component() {
            @Override public String name() { return "kafka"; }
            @Override public void start() { source.start(); }
            @Override public void stop(Duration timeout) throws InterruptedException { source.stop(timeout); }
        };
    }

    private static Component heartbeat(IlertClient ilert, String key) {
        HeartbeatJob job = new HeartbeatJob(ilert, key, HeartbeatJob.INTERVAL);
        return new Component() {
            @Override public String name() { return "heartbeat"; }
            @Override public void start() { job.start(); }
            @Override public void stop(Duration timeout) { job.close(); }
        };
    }

    private static Component httpSource(HttpSource http) {
        return new Component() {
            @Override public String name() { return "http"; }
            @Override public void start() { http.start(); }
            @Override public void stop(Duration timeout) { http.stop(timeout); }
        };
    }
}
