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
import io.ilagent.delivery.EventDeliveryHandler;
import io.ilagent.delivery.HeartbeatDeliveryHandler;
import io.ilagent.delivery.Settlement;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.RetryPolicy;
import io.ilagent.ilert.ApiKey;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.IlertEndpoints;
import io.ilagent.pipeline.EngineIntake;
import io.ilagent.pipeline.EventMapper;
import io.ilagent.pipeline.HeartbeatMapper;
import io.ilagent.pipeline.MessageClassifier;
import io.ilagent.pipeline.MessageDeadLetters;
import io.ilagent.pipeline.PolicyMapper;
import io.ilagent.pipeline.TopicRouter;
import io.ilagent.policy.PolicyAudit;
import io.ilagent.policy.PolicySync;
import io.ilagent.policy.PolicyUpdateHandler;
import io.ilagent.policy.UserCache;
import io.ilagent.source.Health;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.source.Intake;
import io.ilagent.source.Message;
import io.ilagent.source.MessageIntake;
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
            Optional<TlsFiles> tls, TopicSettings topics, int maxInFlight) {
        static Options direct(String clientId) {
            return new Options(false, clientId, Optional.empty(), 5, MqttSettings.DEFAULT_MAX_PAYLOAD_BYTES, Optional.empty(),
                    TOPICS, 4);
        }

        static Options buffered(String clientId) {
            return direct(clientId).buffer(true);
        }

        Options buffer(boolean b) {
            return new Options(b, clientId, sharedGroup, version, maxPayloadBytes, tls, topics, maxInFlight);
        }

        Options group(String group) {
            return new Options(buffer, clientId, Optional.of(group), version, maxPayloadBytes, tls, topics, maxInFlight);
        }

        Options version(int v) {
            return new Options(buffer, clientId, sharedGroup, v, maxPayloadBytes, tls, topics, maxInFlight);
        }

        Options maxPayloadBytes(int max) {
            return new Options(buffer, clientId, sharedGroup, version, max, tls, topics, maxInFlight);
        }

        Options tls(TlsFiles files) {
            return new Options(buffer, clientId, sharedGroup, version, maxPayloadBytes, Optional.of(files), topics, maxInFlight);
        }

        Options topics(TopicSettings t) {
            return new Options(buffer, clientId, sharedGroup, version, maxPayloadBytes, tls, t, maxInFlight);
        }

        /** Deliveries at once (--max_in_flight). */
        Options maxInFlight(int n) {
            return new Options(buffer, clientId, sharedGroup, version, maxPayloadBytes, tls, topics, n);
        }
    }

    /** --mqtt_tls with --mqtt_ca, and --mqtt_client_cert/--mqtt_client_key when both are present. */
    record TlsFiles(Optional<Path> ca, Optional<Path> cert, Optional<Path> key) {}

    final Health health = new Health();
    final Database db;
    final DeadLetters deadLetters;
    final Outbox outbox;
    final MqttSource source;
    /** Messages the intake took (stored, or in memory for delivery), counted once each. */
    final AtomicInteger accepted = new AtomicInteger();
    private final DeliveryEngine engine;

    MqttAgent(Path dir, int brokerPort, IlertSimulator sim, Options options) {
        Clock clock = Clock.systemUTC();
        ObjectMapper json = new ObjectMapper();
        db = Database.open(dir.resolve(options.clientId() + ".db"), clock);
        deadLetters = new DeadLetters(db, clock);
        IlertClient ilert = ilert(sim);
        PolicySync sync = new PolicySync(ilert, new UserCache(clock, Duration.ofMinutes(1), Duration.ofSeconds(1), 100), false);
        PolicyUpdateHandler policy = new PolicyUpdateHandler(sync, new PolicyAudit(db, clock, json), json);
        outbox = new Outbox(db, clock, policy);
        PolicySettings policySettings = PolicySettings.defaults(List.of("plant"));
        MessageClassifier classifier = new MessageClassifier(TopicRouter.mqtt(options.topics()),
                new EventMapper(EventMappingSettings.NONE, FilterSettings.NONE),
                new PolicyMapper(policySettings, FilterSettings.NONE), new HeartbeatMapper());
        MessageDeadLetters letters = new MessageDeadLetters(deadLetters, json);
        RetryPolicy quickRetries = new RetryPolicy(0, new Backoff(new SmallRandom()));
        engine = new DeliveryEngine(outbox, Map.of(ItemKind.EVENT, new EventDeliveryHandler(ilert, json),
                ItemKind.HEARTBEAT, new HeartbeatDeliveryHandler(ilert, json), ItemKind.POLICY_UPDATE, policy),
                quickRetries, clock, new DeliveryEngine.Settings(options.maxInFlight(), Duration.ofMillis(100)));
        engine.start();
        MessageIntake intake = options.buffer() ? EngineIntake.buffered(classifier, outbox, letters)
                : EngineIntake.inMemory(classifier, engine.memory(), letters);
        MqttSettings mqtt = new MqttSettings("127.0.0.1", brokerPort, options.clientId(), Optional.empty(), Optional.empty(),
                options.tls().isPresent(), options.tls().flatMap(TlsFiles::ca), options.tls().flatMap(TlsFiles::cert),
                options.tls().flatMap(TlsFiles::key), 1, options.buffer(), options.sharedGroup(), options.version(),
                options.maxPayloadBytes());
        source = new MqttSource(mqtt, options.topics(), counting(intake), quickRetries, health, clock, Duration.ofMillis(200), db);
        source.start();
    }

    private MessageIntake counting(MessageIntake inner) {
        return new MessageIntake() {
            @Override
            public Intake accept(Message message, Settlement settlement) {
                Intake result = inner.accept(message, settlement);
                if (result instanceof Intake.Done) {
                    accepted.incrementAndGet();
                }
                return result;
            }

            @Override
            public void setAside(Message message, String reason, String stage) {
                inner.setAside(message, reason, stage);
            }

            @Override
            public void stopTaking() {
                inner.stopTaking();
            }
        };
    }

    static IlertClient ilert(IlertSimulator sim) {
        URI base = URI.create(sim.baseUrl());
        return IlertClient.create(new IlertEndpoints(base, base, Duration.ofSeconds(2), Duration.ofSeconds(10)),
                ApiKey.fromEnv(IlertSimulator.DEFAULT_API_KEY), "ilagent-mqtt-test");
    }

    /** Items waiting in the outbox: direct-mode messages whose attempt failed are stored there. */
    int outboxSize() {
        return outbox.pending(10_000).size();
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
        engine.stop(Duration.ofSeconds(5));
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
