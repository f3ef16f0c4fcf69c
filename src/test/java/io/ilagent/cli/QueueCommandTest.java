package io.ilagent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.delivery.Backoff;
import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.DeliveryEngine;
import io.ilagent.delivery.DeliveryHandler;
import io.ilagent.delivery.DeliveryResult;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.OutboxItem;
import io.ilagent.delivery.RetryPolicy;
import io.ilagent.delivery.SupersededListener;
import io.ilagent.delivery.WorkItem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class QueueCommandTest {

    private static final RandomGenerator NO_JITTER = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public double nextDouble() {
            return 0;
        }
    };

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path file;
    private Database daemonDb;
    private Outbox outbox;
    private DeadLetters deadLetters;

    @BeforeEach
    void openDaemonStore() {
        file = dir.resolve("ilagent.db3");
        daemonDb = Database.open(file, clock);
        outbox = new Outbox(daemonDb, clock, SupersededListener.NONE);
        deadLetters = new DeadLetters(daemonDb, clock);
    }

    @AfterEach
    void closeDaemonStore() {
        daemonDb.close();
    }

    private int queue(String... args) {
        CommandLine cli = new CommandLine(new QueueCommand(() -> file, clock));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private DeliveryEngine engine(DeliveryHandler handler) {
        return new DeliveryEngine(outbox, Map.of(ItemKind.EVENT, handler),
                new RetryPolicy(100, new Backoff(NO_JITTER)), clock,
                new DeliveryEngine.Settings(4, Duration.ofMillis(100)));
    }

    private long deadEvent(String payload, String reason) {
        long id = outbox.enqueue(WorkItem.ordered(ItemKind.EVENT, "event:k/" + payload, payload, "http"));
        DeliveryEngine engine = engine(item -> new DeliveryResult.Rejected(reason, "deliver"));
        engine.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> deadLetters.find(id).isPresent());
        stop(engine);
        return id;
    }

    private static void stop(DeliveryEngine engine) {
        try {
            engine.stop(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void retryAllDeadRequeuesRejectedItemsAndTheDaemonDeliversThem() {
        long id = deadEvent("e1", "HTTP 400: summary missing");
        DeliveryEngine daemon = engine(item -> {
            delivered.add(item.payload());
            return new DeliveryResult.Delivered("HTTP 202");
        });
        daemon.start();
        try {
            assertThat(queue("retry", "--all-dead")).isZero();

            assertThat(out.toString()).contains("Requeued 1 dead letter(s)");
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.contains("e1"));
            assertThat(deadLetters.find(id)).isEmpty();
        } finally {
            stop(daemon);
        }
    }

    @Test
    void retryByIdRequeuesOnlyThatDeadLetterWithAttemptsReset() {
        long first = deadEvent("e1", "HTTP 400");
        long second = deadEvent("e2", "HTTP 400");

        assertThat(queue("retry", String.valueOf(second))).isZero();

        assertThat(deadLetters.list(10)).extracting(d -> d.id()).containsExactly(first);
        OutboxItem requeued = outbox.pending(10).getFirst();
        assertThat(requeued.payload()).isEqualTo("e2");
        assertThat(requeued.attempts()).isZero();
        assertThat(requeued.nextAttemptAt()).isBeforeOrEqualTo(clock.instant());
    }

    @Test
    void retryOfAnUnknownIdFailsWithAMessage() {
        assertThat(queue("retry", "999")).isEqualTo(1);
        assertThat(err.toString()).contains("No dead letter 999");
    }

    @Test
    void purgeDeletesDeadLettersButKeepsWaitingItemsUnlessAsked() {
        deadEvent("e1", "HTTP 400");
        outbox.enqueue(WorkItem.ordered(ItemKind.EVENT, "event:k/w", "waiting", "http"));

        assertThat(queue("purge")).isZero();
        assertThat(deadLetters.list(10)).isEmpty();
        assertThat(outbox.pending(10)).hasSize(1);

        assertThat(queue("purge", "--include-pending")).isZero();
        assertThat(outbox.pending(10)).isEmpty();
        assertThat(out.toString()).contains("Deleted 1 waiting item(s)");
    }

    @Test
    void listShowsWaitingItemsAndDeadLettersWithTheirReasons() {
        deadEvent("e1", "HTTP 400: summary missing");
        long waiting = outbox.enqueue(WorkItem.ordered(ItemKind.EVENT, "event:k/w", "waiting", "mqtt topic x"));

        assertThat(queue("list")).isZero();

        String text = out.toString();
        assertThat(text).contains("Waiting items: 1", "Dead letters: 1", "HTTP 400: summary missing", "event:k/w",
                "NEXT ATTEMPT", "REASON");
        assertThat(text.lines().filter(l -> l.startsWith(waiting + " "))).singleElement()
                .satisfies(l -> assertThat(l).contains("EVENT", "event:k/w", " 0 "));
    }

    @Test
    void listWorksWhileAnotherConnectionHoldsTheWriteLock() throws Exception {
        outbox.enqueue(WorkItem.ordered(ItemKind.EVENT, "event:k/w", "waiting", "http"));
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = writer.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("UPDATE outbox SET last_error = 'being written' WHERE 1 = 1");
            Thread releaser = Thread.ofPlatform().start(() -> commitLater(writer));

            assertThat(queue("list")).isZero();
            releaser.join();
        }
        assertThat(out.toString()).contains("Waiting items: 1");
    }

    @Test
    void retryWaitsForTheDaemonsWritesInsteadOfFailing() throws Exception {
        deadEvent("e1", "HTTP 400");
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 200; i++) {
                outbox.enqueue(WorkItem.ordered(ItemKind.EVENT, "event:k/load", "n" + i, "http"));
            }
        });

        assertThat(queue("retry", "--all-dead")).isZero();
        writer.join();
        assertThat(outbox.pending(500)).hasSize(201);
    }

    @Test
    void missingFileIsReportedNotCreated() {
        file = dir.resolve("nope.db3");
        int code = queue("list");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("No ilagent database at").contains("nope.db3");
        assertThat(dir.resolve("nope.db3")).doesNotExist();
    }

    // Holds the write lock for a while, as a daemon committing a large batch would.
    private static void commitLater(Connection writer) {
        try {
            Thread.sleep(500);
            try (Statement s = writer.createStatement()) {
                s.execute("COMMIT");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
