package io.ilagent.source.kafka;

import io.ilagent.config.AgentConfig;
import io.ilagent.config.KafkaSettings;
import io.ilagent.config.TopicSettings;
import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetter;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.Settlement;
import io.ilagent.runtime.TestConfig;
import io.ilagent.runtime.TestSeams;
import io.ilagent.runtime.WiredAgent;
import io.ilagent.runtime.WiringSeams;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.source.Health;
import io.ilagent.source.Intake;
import io.ilagent.source.Message;
import io.ilagent.source.MessageIntake;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An agent built by the daemon's own wiring for Kafka: the delivery engine's in-memory lanes with the production
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

    final Health health;
    final Database db;
    final KafkaSource source;
    /** Ids of the records settled (delivered, skipped, superseded or dead letter), in the order settled. */
    final Queue<String> done;
    private final DeadLetters deadLetters;
    private final WiredAgent agent;

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
        this.done = done;
        KafkaSettings settings = new KafkaSettings(bootstrap, group, properties, Optional.empty(),
                dlqTopic, maxPayloadBytes, window);
        AgentConfig config = TestConfig.of(db, sim).kafka(settings).topics(topics.settings())
                .delivery(0, maxInFlight, Duration.ofSeconds(15)) // retry for ever; a revocation waits up to 15 s
                .build();
        WiringSeams seams = TestSeams.quick().intakeTap(this::recording);
        agent = WiredAgent.built(config, "0.10.0-test", seams, Duration.ofSeconds(10)).start();
        health = agent.health;
        this.db = agent.db;
        deadLetters = agent.parts.deadLetters();
        source = agent.parts.kafka().orElseThrow();
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

    List<DeadLetter> deadLetters() {
        return deadLetters.list(100);
    }

    boolean ready() {
        return health.snapshot().get(KafkaReadiness.COMPONENT).ready();
    }

    @Override
    public void close() throws InterruptedException {
        agent.close();
    }
}
