package io.ilagent.source.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.config.EventMappingSettings;
import io.ilagent.config.FilterSettings;
import io.ilagent.config.MqttSettings;
import io.ilagent.config.PolicySettings;
import io.ilagent.config.TopicSettings;
import io.ilagent.delivery.Backoff;
import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetter;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.DeliveryEngine;
import io.ilagent.delivery.DeliveryHandler;
import io.ilagent.delivery.DeliveryResult;
import io.ilagent.delivery.EventPayload;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.PolicyUpdatePayload;
import io.ilagent.delivery.RetryPolicy;
import io.ilagent.ilert.ApiKey;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.IlertEndpoints;
import io.ilagent.pipeline.BufferedIntake;
import io.ilagent.pipeline.DirectIntake;
import io.ilagent.pipeline.EventMapper;
import io.ilagent.pipeline.HeartbeatMapper;
import io.ilagent.pipeline.MessageClassifier;
import io.ilagent.pipeline.MessageDeadLetters;
import io.ilagent.pipeline.Ping;
import io.ilagent.pipeline.PolicyApplier;
import io.ilagent.pipeline.PolicyMapper;
import io.ilagent.pipeline.TopicRouter;
import io.ilagent.policy.PolicySync;
import io.ilagent.policy.SyncResult;
import io.ilagent.policy.UserCache;
import io.ilagent.runtime.Health;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.source.Intake;
import io.ilagent.source.Message;
import io.ilagent.source.MessageIntake;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/** An agent as the daemon would wire it for MQTT: real SQLite file, real broker, the ilert simulator. */
final class MqttAgent implements AutoCloseable {
    static final String EVENTS = "plant/+/events";
    static final String HEARTBEATS = "plant/heartbeat";
    static final String POLICIES = "plant/policy";
    static final TopicSettings TOPICS = new TopicSettings(Optional.of(EVENTS), Optional.of(HEARTBEATS), Optional.of(POLICIES));

    /** How an agent differs between tests. */
    record Options(boolean buffer, String clientId, Optional<String> sharedGroup, int version, int maxPayloadBytes,
            Optional<TlsFiles> tls) {
        static Options direct(String clientId) {
            return new Options(false, clientId, Optional.empty(), 5, MqttSettings.DEFAULT_MAX_PAYLOAD_BYTES, Optional.empty());
        }

        static Options buffered(String clientId) {
            return new Options(true, clientId, Optional.empty(), 5, MqttSettings.DEFAULT_MAX_PAYLOAD_BYTES, Optional.empty());
        }

        Options group(String group) {
            return new Options(buffer, clientId, Optional.of(group), version, maxPayloadBytes, tls);
        }

        Options version(int v) {
            return new Options(buffer, clientId, sharedGroup, v, maxPayloadBytes, tls);
        }

        Options maxPayloadBytes(int max) {
            return new Options(buffer, clientId, sharedGroup, version, max, tls);
        }

        Options tls(TlsFiles files) {
            return new Options(buffer, clientId, sharedGroup, version, maxPayloadBytes, Optional.of(files));
        }
    }

    /** --mqtt_tls with --mqtt_ca, and --mqtt_client_cert/--mqtt_client_key when both are present. */
    record TlsFiles(Optional<Path> ca, Optional<Path> cert, Optional<Path> key) {}

    final Health health = new Health();
    final Database db;
    final DeadLetters deadLetters;
    final Outbox outbox;
    final MqttSource source;
    final AtomicInteger accepted = new AtomicInteger();
    private final Optional<DeliveryEngine> engine;

    MqttAgent(Path dir, int brokerPort, IlertSimulator sim, Options options) {
        Clock clock = Clock.systemUTC();
        ObjectMapper json = new ObjectMapper();
        db = Database.open(dir.resolve(options.clientId() + ".db"), clock);
        deadLetters = new DeadLetters(db, clock);
        outbox = new Outbox(db, clock, (item, newer) -> { });
        IlertClient ilert = ilert(sim);
        PolicySync sync = new PolicySync(ilert, new UserCache(clock, Duration.ofMinutes(1), Duration.ofSeconds(1), 100), false);
        PolicySettings policy = PolicySettings.defaults(List.of("plant"));
        MessageClassifier classifier = new MessageClassifier(TopicRouter.mqtt(TOPICS),
                new EventMapper(EventMappingSettings.NONE, FilterSettings.NONE), new PolicyMapper(policy, FilterSettings.NONE),
                new HeartbeatMapper());
        MessageDeadLetters letters = new MessageDeadLetters(deadLetters, json);
        RetryPolicy quickRetries = new RetryPolicy(0, new Backoff(new SmallRandom()));
        MessageIntake intake;
        if (options.buffer()) {
            intake = new BufferedIntake(classifier, outbox, letters);
            DeliveryEngine e = new DeliveryEngine(outbox, handlers(ilert, sync, json), quickRetries, clock,
                    new DeliveryEngine.Settings(4, Duration.ofMillis(100)));
            e.start();
            engine = Optional.of(e);
        } else {
            intake = new DirectIntake(classifier, ilert, applier(sync), letters);
            engine = Optional.empty();
        }
        intake = counting(intake);
        MqttSettings mqtt = new MqttSettings("127.0.0.1", brokerPort, options.clientId(), Optional.empty(), Optional.empty(),
                options.tls().isPresent(), options.tls().flatMap(TlsFiles::ca), options.tls().flatMap(TlsFiles::cert),
                options.tls().flatMap(TlsFiles::key), 1, options.buffer(), options.sharedGroup(), options.version(),
                options.maxPayloadBytes());
        source = new MqttSource(mqtt, TOPICS, intake, quickRetries, health, clock, Duration.ofMillis(200));
        source.start();
    }

    private MessageIntake counting(MessageIntake inner) {
        return new MessageIntake() {
            @Override
            public Intake accept(Message message) {
                Intake result = inner.accept(message);
                if (result instanceof Intake.Done) {
                    accepted.incrementAndGet();
                }
                return result;
            }

            @Override
            public void setAside(Message message, String reason, String stage) {
                inner.setAside(message, reason, stage);
            }
        };
    }

    static IlertClient ilert(IlertSimulator sim) {
        URI base = URI.create(sim.baseUrl());
        return IlertClient.create(new IlertEndpoints(base, base, Duration.ofSeconds(2), Duration.ofSeconds(10)),
                ApiKey.fromEnv(IlertSimulator.DEFAULT_API_KEY), "ilagent-mqtt-test");
    }

    /** What the policy engine will do: resolve user and policy, put the user on the level. */
    static PolicyApplier applier(PolicySync sync) {
        return (update, message) -> result(sync.apply(update.routingKey(), update.email(), update.level()));
    }

    static DeliveryResult result(SyncResult result) {
        return switch (result) {
            case SyncResult.Applied a -> new DeliveryResult.Delivered("applied");
            case SyncResult.NoOp n -> new DeliveryResult.Delivered("no change");
            case SyncResult.WouldApply w -> new DeliveryResult.Delivered("dry run");
            case SyncResult.Rejected r -> new DeliveryResult.Rejected(r.reason(), r.stage().name());
            case SyncResult.RetryLater r -> new DeliveryResult.RetryLater(r.reason(), r.retryAfter(), r.held());
        };
    }

    private static Map<ItemKind, DeliveryHandler> handlers(IlertClient ilert, PolicySync sync, ObjectMapper json) {
        return Map.of(
                ItemKind.EVENT, item -> {
                    EventPayload p = read(json, item.payload(), EventPayload.class);
                    return DeliveryResult.from(ilert.sendEvent(p.event(), p.channel()));
                },
                ItemKind.POLICY_UPDATE, item -> {
                    PolicyUpdatePayload p = read(json, item.payload(), PolicyUpdatePayload.class);
                    return result(sync.apply(p.routingKey(), p.email(), p.level()));
                },
                ItemKind.HEARTBEAT, item -> DeliveryResult.from(
                        ilert.pingHeartbeat(read(json, item.payload(), Ping.class).integrationKey())));
    }

    private static <T> T read(ObjectMapper json, String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    List<DeadLetter> deadLetters() {
        return deadLetters.list(100);
    }

    boolean ready() {
        return health.snapshot().get("mqtt").ready();
    }

    @Override
    public void close() throws InterruptedException {
        source.stop(Duration.ofSeconds(5));
        if (engine.isPresent()) {
            engine.get().stop(Duration.ofSeconds(5));
        }
        db.close();
    }

    /** Retries after 1 % of the backoff ceiling, so tests do not wait for real backoffs. */
    private static final class SmallRandom extends Random {
        @Override
        public double nextDouble() {
            return 0.01;
        }
    }
}
