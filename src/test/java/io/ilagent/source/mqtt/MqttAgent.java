package io.ilagent.source.mqtt;

import io.ilagent.config.AgentConfig;
import io.ilagent.config.DeliverySettings;
import io.ilagent.config.MqttSettings;
import io.ilagent.config.TopicSettings;
import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetter;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.Outbox;
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
import java.util.concurrent.atomic.AtomicInteger;

/** An agent built by the daemon's own wiring for MQTT: real SQLite file, real broker, the ilert simulator. */
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

    final Health health;
    final Database db;
    final DeadLetters deadLetters;
    final Outbox outbox;
    final MqttSource source;
    /** Messages the intake took (stored, or in memory for delivery), counted once each. */
    final AtomicInteger accepted = new AtomicInteger();
    private final WiredAgent agent;

    MqttAgent(Path dir, int brokerPort, IlertSimulator sim, Options options) {
        MqttSettings mqtt = new MqttSettings("127.0.0.1", brokerPort, options.clientId(), Optional.empty(), Optional.empty(),
                options.tls().isPresent(), options.tls().flatMap(TlsFiles::ca), options.tls().flatMap(TlsFiles::cert),
                options.tls().flatMap(TlsFiles::key), 1, options.buffer(), options.sharedGroup(), options.version(),
                options.maxPayloadBytes());
        AgentConfig config = TestConfig.of(dir.resolve(options.clientId() + ".db"), sim).mqtt(mqtt)
                .topics(options.topics())
                .delivery(0, options.maxInFlight(), DeliverySettings.DEFAULT_SHUTDOWN_TIMEOUT) // retry for ever
                .build();
        WiringSeams quick = TestSeams.quick(); // TLS files checked every 200 ms
        WiringSeams seams = quick.timings(new WiringSeams.Timings(quick.timings().deliveryPoll(), Duration.ofMillis(200),
                quick.timings().metricsCache())).intakeTap(this::counting);
        agent = WiredAgent.built(config, "0.10.0-test", seams, Duration.ofSeconds(5)).start();
        health = agent.health;
        db = agent.db;
        deadLetters = agent.parts.deadLetters();
        outbox = agent.parts.outbox();
        source = agent.parts.mqtt().orElseThrow();
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
        agent.close();
    }
}
