package io.ilagent.source.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.config.EventMappingSettings;
import io.ilagent.config.FilterSettings;
import io.ilagent.config.KafkaSettings;
import io.ilagent.config.PolicySettings;
import io.ilagent.config.TopicSettings;
import io.ilagent.delivery.Backoff;
import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetter;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.DeliveryEngine;
import io.ilagent.delivery.EventDeliveryHandler;
import io.ilagent.delivery.HeartbeatDeliveryHandler;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.RetryPolicy;
import io.ilagent.delivery.Settlement;
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
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An agent as the daemon wires it for Kafka: the delivery engine's in-memory lanes with the production
 * handlers (events, heartbeats, policy updates with their history), real SQLite file, real broker, the
 * ilert simulator.
 */
final class KafkaAgent implements AutoCloseable {

    /** Topic names of one test; each test uses its own, so a shared broker holds no leftovers. */
    record Topics(String events, String heartbeats, String policies) {
        static Topics named(String prefix) {
            return new Topics(prefix + "-events", prefix + "-heartbeats", prefix + "-policies");
        }

        TopicSettings settings() {
            return new TopicSettings(Optional.of(events), Optional.of(heartbeats), Optional.of(policies));
        }

        List<String> all() {
            return List.of(events, heartbeats, policies);
        }
    }

    /** Deliveries at once unless a test asks for another number (the daemon's default was 16 when these were written). */
    static final int MAX_IN_FLIGHT = 16;

    final Health health = new Health();
    final Database db;
    final KafkaSource source;
    /** Ids of the records settled (delivered, skipped, superseded or dead letter), in the order settled. */
    final Queue<String> done;
    private final DeadLetters deadLetters;
    private final DeliveryEngine engine;

    KafkaAgent(Path db, String bootstrap, String group, Topics topics, IlertSimulator sim, Queue<String> done,
            Optional<String> dlqTopic, int maxPayloadBytes) {
        this(db, bootstrap, group, topics, sim, done, dlqTopic, maxPayloadBytes, MAX_IN_FLIGHT);
    }

    KafkaAgent(Path db, String bootstrap, String group, Topics topics, IlertSimulator sim, Queue<String> done,
            Optional<String> dlqTopic, int maxPayloadBytes, int maxInFlight) {
        this(db, bootstrap, group, topics, sim, done, dlqTopic, maxPayloadBytes, maxInFlight, KafkaSettings.DEFAULT_WINDOW);
    }

    KafkaAgent(Path db, String bootstrap, String group, Topics topics, IlertSimulator sim, Queue<String> done,
            Optional<String> dlqTopic, int maxPayloadBytes, int maxInFlight, int window) {
        this(db, bootstrap, group, topics, sim, done, dlqTopic, maxPayloadBytes, maxInFlight, window, List.of());
    }

    /** @param properties {@code --kafka_property} flags, {@code key=value} */
    KafkaAgent(Path db, String bootstrap, String group, Topics topics, IlertSimulator sim, Queue<String> done,
            Optional<String> dlqTopic, int maxPayloadBytes, int maxInFlight, int window, List<String> properties) {
        Clock clock = Clock.systemUTC();
        ObjectMapper json = new ObjectMapper();
        this.done = done;
        this.db = Database.open(db, clock);
        deadLetters = new DeadLetters(this.db, clock);
        IlertClient ilert = ilert(sim);
        PolicySync sync = new PolicySync(ilert, new UserCache(clock, Duration.ofMinutes(1), Duration.ofSeconds(1), 100), false);
        PolicyUpdateHandler policy = new PolicyUpdateHandler(sync, new PolicyAudit(this.db, clock, json), json);
        Outbox outbox = new Outbox(this.db, clock, policy);
        RetryPolicy quickRetries = new RetryPolicy(0, new Backoff(new SmallRandom()));
        engine = new DeliveryEngine(outbox, Map.of(ItemKind.EVENT, new EventDeliveryHandler(ilert, json),
                ItemKind.HEARTBEAT, new HeartbeatDeliveryHandler(ilert, json), ItemKind.POLICY_UPDATE, policy),
                quickRetries, clock, new DeliveryEngine.Settings(maxInFlight, Duration.ofMillis(100)));
        engine.start();
        MessageClassifier classifier = new MessageClassifier(TopicRouter.kafka(topics.settings()),
                new EventMapper(EventMappingSettings.NONE, FilterSettings.NONE),
                new PolicyMapper(PolicySettings.defaults(List.of("plant")), FilterSettings.NONE), new HeartbeatMapper());
        MessageIntake intake = recording(EngineIntake.inMemory(classifier, engine.memory(),
                new MessageDeadLetters(deadLetters, json)));
        KafkaSettings settings = new KafkaSettings(bootstrap, group, properties, Optional.empty(),
                dlqTopic, maxPayloadBytes, window);
        source = new KafkaSource(settings, topics.settings(), intake, engine.memory(), quickRetries,
                Duration.ofSeconds(15), health, clock);
        source.start();
    }

    static KafkaAgent direct(Path dir, KafkaBroker broker, String group, Topics topics, IlertSimulator sim) {
        return new KafkaAgent(dir.resolve(group + "-" + System.nanoTime() + ".db"), broker.bootstrap(), group, topics, sim,
                new ConcurrentLinkedQueue<>(), Optional.empty(), 1024 * 1024);
    }

    /** Records each message's id in {@link #done} when it is settled. */
    private MessageIntake recording(MessageIntake inner) {
        return new MessageIntake() {
            @Override
            public Intake accept(Message message, Settlement settlement) {
                return inner.accept(message, recording(message, settlement));
            }

            @Override
            public void setAside(Message message, String reason, String stage) {
                inner.setAside(message, reason, stage);
            }
        };
    }

    private Settlement recording(Message message, Settlement inner) {
        return new Settlement() {
            @Override
            public void settled() {
                done.add(message.id());
                inner.settled();
            }

            @Override
            public void deadLettered(String reason) {
                done.add(message.id());
                inner.deadLettered(reason);
            }

            @Override
            public void dropped() {
                inner.dropped();
            }

            @Override
            public boolean outboxSettles() {
                return inner.outboxSettles();
            }

            @Override
            public boolean wanted() {
                return inner.wanted();
            }
        };
    }

    static IlertClient ilert(IlertSimulator sim) {
        URI base = URI.create(sim.baseUrl());
        return IlertClient.create(new IlertEndpoints(base, base, Duration.ofSeconds(2), Duration.ofSeconds(10)),
                ApiKey.fromEnv(IlertSimulator.DEFAULT_API_KEY), "ilagent-kafka-test");
    }

    List<DeadLetter> deadLetters() {
        return deadLetters.list(100);
    }

    boolean ready() {
        return health.snapshot().get(KafkaReadiness.COMPONENT).ready();
    }

    @Override
    public void close() throws InterruptedException {
        source.stop(Duration.ofSeconds(10));
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
