package io.ilagent.source.mqtt;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import io.ilagent.config.MqttSettings;
import io.ilagent.config.TopicSettings;
import io.ilagent.delivery.Backoff;
import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeliveryResult;
import io.ilagent.delivery.RetryDecision;
import io.ilagent.delivery.RetryPolicy;
import io.ilagent.delivery.Settlement;
import io.ilagent.source.Health;
import io.ilagent.source.Intake;
import io.ilagent.source.Message;
import io.ilagent.source.MessageIntake;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns MQTT publishes into {@link Message}s, hands them to a {@link MessageIntake} in the order received,
 * and acknowledges each one once it is settled: many messages are under way at once (as many as the
 * broker's window of unacknowledged messages allows), and acknowledgements leave in arrival order. It
 * decides nothing else: delivery and its retries are the engine's. Only when the intake cannot take a
 * message (its store fails) is the same message offered again after a backoff, with its acknowledgement
 * held and the connection left alone. Intake runs on its own thread, so the network thread stays free.
 */
public final class MqttSource {
    static final String RECEIVE = "receive";
    /** How often the TLS files are checked for a change (certificate renewal). */
    public static final Duration TLS_CHECK_INTERVAL = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(MqttSource.class);

    private final MqttSettings settings;
    private final MessageIntake intake;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final MqttReadiness readiness;
    private final Function<Optional<MqttClientSslConfig>, BrokerConnection> connections;
    private final Duration tlsCheckInterval;
    private volatile BrokerConnection connection;
    private ScheduledExecutorService tlsWatch;
    private final RetainedMessages retained = new RetainedMessages();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger unsettled = new AtomicInteger();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("mqtt-intake").daemon(true).factory());

    /**
     * Reads the TLS files, if any, so that a bad file stops the start-up.
     *
     * @param retryPolicy the backoff for a message the intake cannot take yet (never given up)
     * @param db          where the filters subscribed last time are remembered, so that a restart with other
     *                    topics unsubscribes the ones no longer configured
     * @throws IllegalArgumentException when a TLS file cannot be used, naming it
     */
    public MqttSource(MqttSettings settings, TopicSettings topics, MessageIntake intake, RetryPolicy retryPolicy,
            Health health, Clock clock, Database db) {
        this(settings, topics, intake, retryPolicy, health, clock, TLS_CHECK_INTERVAL, db);
    }

    /** @param tlsCheckInterval how often the TLS files are checked for a change (tests: less than 30 s) */
    public MqttSource(MqttSettings settings, TopicSettings topics, MessageIntake intake, RetryPolicy retryPolicy,
            Health health, Clock clock, Duration tlsCheckInterval, Database db) {
        this.settings = settings;
        this.intake = intake;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
        this.tlsCheckInterval = tlsCheckInterval;
        this.readiness = new MqttReadiness(health);
        ReconnectDelay delay = new ReconnectDelay(RandomGenerator.getDefault());
        SubscriptionMemory memory = SubscriptionMemory.in(db, settings.host(), settings.port(), settings.clientId());
        this.connections = tls -> {
            ConnectionSettings connectionSettings = ConnectionSettings.of(settings, topics, tls);
            return settings.version() == 3
                    ? new Mqtt3Connection(connectionSettings, readiness, delay, memory)
                    : new Mqtt5Connection(connectionSettings, readiness, delay, memory);
        };
        Optional<MqttClientSslConfig> ssl = MqttTls.from(settings);
        this.connection = connections.apply(ssl);
        ConnectionSettings connectionSettings = ConnectionSettings.of(settings, topics, ssl);
        log.info("Subscribing to mqtt topics {} (QoS {}, MQTT {}{}) on {}:{} as client {}", connectionSettings.filters(),
                settings.qos(), settings.version() == 3 ? "3.1.1" : "5", ssl.isPresent() ? ", TLS" : "",
                settings.host(), settings.port(), settings.clientId());
    }

    /** Connects in the background; readiness follows the connection (Health component "mqtt"). */
    public void start() {
        connection.start(this::onPublish);
        if (TlsReloader.applies(settings)) {
            TlsReloader reloader = new TlsReloader(settings, this::reconnectWith);
            tlsWatch = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("mqtt-tls-watch").daemon(true).factory());
            tlsWatch.scheduleWithFixedDelay(reloader::check, tlsCheckInterval.toMillis(), tlsCheckInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Replaces the connection by one with new TLS settings. Messages of the old connection that are
     * still unacknowledged come again on the new one (same client id, same session).
     */
    private void reconnectWith(Optional<MqttClientSslConfig> ssl) {
        BrokerConnection old = connection;
        try {
            old.stop().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("MQTT disconnect before the TLS change did not complete cleanly: {}",
                    ConnectionSettings.describe(e));
        }
        if (isStopping()) {
            return;
        }
        connection = connections.apply(ssl);
        connection.start(this::onPublish);
    }

    /**
     * Stops taking messages, lets go of those not yet being delivered, lets deliveries under way finish for
     * up to {@code timeout} (and acknowledges them), then disconnects. Messages not yet acknowledged stay
     * with the broker and come again on the next start.
     *
     * @return whether everything under way finished in time
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        stopped.countDown();
        if (tlsWatch != null) {
            tlsWatch.shutdownNow();
            tlsWatch.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        worker.shutdown();
        boolean finished = worker.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            worker.shutdownNow();
        }
        intake.stopTaking();
        finished &= awaitSettled(timeout);
        try {
            connection.stop().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("MQTT disconnect did not complete cleanly: {}", ConnectionSettings.describe(e.getCause()));
        }
        readiness.disconnected("stopped");
        return finished;
    }

    /** What /ready reports for MQTT: connected, subscriptions granted, last error. */
    public MqttReadiness.Status status() {
        return readiness.status();
    }

    private void onPublish(Received received) {
        try {
            worker.execute(() -> handle(received));
        } catch (RejectedExecutionException stopping) {
            // Not acknowledged: the broker keeps it for the next session.
        }
    }

    private void handle(Received received) {
        if (isStopping()) {
            return;
        }
        if (retained.isRepeat(received)) {
            log.info("Retained message on {} was handled before; acknowledged without applying it again",
                    received.topic());
            acknowledge(received);
            return;
        }
        Message message = new Message("mqtt:" + received.topic() + ":" + UUID.randomUUID(), Message.Source.MQTT,
                received.topic(), Optional.empty(), received.payload(), clock.instant());
        Settlement settlement = settlement(received);
        Supplier<Intake> step = received.payload().length > settings.maxPayloadBytes()
                ? () -> setAside(message, "payload of " + received.payload().length + " bytes is over --max_payload_bytes "
                        + settings.maxPayloadBytes(), settlement)
                : () -> intake.accept(message, settlement);
        unsettled.incrementAndGet();
        if (!untilTaken(message, step)) {
            unsettled.decrementAndGet();
        }
    }

    /** Acknowledges once settled; HiveMQ sends the acknowledgements in arrival order, whatever order they settle in. */
    private Settlement settlement(Received received) {
        return new Settlement() {
            @Override
            public void settled() {
                retained.handled(received);
                acknowledge(received);
                left();
            }

            @Override
            public void dropped() {
                left();
            }
        };
    }

    private void left() {
        if (unsettled.decrementAndGet() == 0) {
            synchronized (unsettled) {
                unsettled.notifyAll();
            }
        }
    }

    /**
     * Offers the message until the intake takes it; false when the source stopped first (left
     * unacknowledged). The intake refuses only when it cannot store (a full disk): no fault of the message,
     * so it never gives up, with the same backoff as every other retry.
     */
    private boolean untilTaken(Message message, Supplier<Intake> step) {
        RetryPolicy storeRetries = retryPolicy.forever();
        int failures = 0;
        while (!isStopping()) {
            if (!(Intake.attempt(step) instanceof Intake.RetryLater retry)) {
                return true;
            }
            RetryDecision next = storeRetries.decide(failures, new DeliveryResult.RetryLater(retry.reason(),
                    retry.retryAfter(), retry.held()), clock.instant());
            failures = next.attempts();
            Duration delay = Duration.between(clock.instant(), switch (next) {
                case RetryDecision.RetryAt at -> at.at();
                case RetryDecision.HoldUntil hold -> hold.until();
                case RetryDecision.GiveUp giveUp -> clock.instant(); // never, with retries for ever
            });
            // The store says once at WARN that it fails; one line per message would flood a full disk.
            log.debug("{} on {} not taken (try {}): {}; acknowledgement held, offered again in {} ms", message.id(),
                    message.topic(), failures, retry.reason(), delay.toMillis());
            if (pause(delay)) {
                return false;
            }
        }
        return false;
    }

    private Intake setAside(Message message, String reason, Settlement settlement) {
        intake.setAside(message, reason, RECEIVE);
        settlement.settled();
        return Intake.done("set aside: " + reason);
    }

    private static void acknowledge(Received received) {
        try {
            received.ack().run();
        } catch (RuntimeException e) {
            // The session it came in has ended; the broker sends it again or has dropped it with the session.
            log.debug("Acknowledgement of a message on {} not sent: {}", received.topic(), e.toString());
        }
    }

    /** @return true when the source stopped during the pause */
    private boolean pause(Duration delay) {
        try {
            return stopped.await(Math.min(delay.toMillis(), Backoff.RETRY_AFTER_CAP.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Waits until every message taken is settled or let go; false when {@code timeout} passed first. */
    private boolean awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (unsettled) {
            while (unsettled.get() > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                unsettled.wait(left);
            }
        }
        return true;
    }

    private boolean isStopping() {
        return stopped.getCount() == 0 || Thread.currentThread().isInterrupted();
    }
}
