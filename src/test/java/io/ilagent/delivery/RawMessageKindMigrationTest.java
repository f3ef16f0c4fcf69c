package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawMessageKindMigrationTest {
    @TempDir
    Path dir;

    @Test
    void rowsStoredAsBufferedMqttBeforeVersion3ReadAsRawMessagesAfterIt() {
        Path file = dir.resolve("agent.db");
        Clock clock = Clock.systemUTC();
        try (Database db = Database.open(file, clock)) {
            db.transaction("make a version 2 file", c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("DELETE FROM schema_migrations WHERE version = 3");
                    s.execute("INSERT INTO outbox (kind, lane, latest_wins, payload, source_ref, attempts, next_attempt_at,"
                            + " created_at) VALUES ('BUFFERED_MQTT', 'mqtt:t', 0, '{\"topic\":\"t\",\"payload\":\"{}\"}',"
                            + " 'mqtt topic t', 0, 0, 0)");
                }
                return null;
            });
            new DeadLetters(db, clock).reject(WorkItem.ordered(ItemKind.RAW_MESSAGE, "mqtt:t", "{}", "test"), "r", "s");
            db.transaction("store it as version 2 did", c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("UPDATE dead_letters SET kind = 'BUFFERED_MQTT'");
                }
                return null;
            });
        }

        try (Database db = Database.open(file, clock)) {
            assertThat(new Outbox(db, clock, SupersededListener.NONE).pending(10))
                    .extracting(OutboxItem::kind).containsExactly(ItemKind.RAW_MESSAGE);
            assertThat(new DeadLetters(db, clock).list(10)).extracting(DeadLetter::kind).containsExactly(ItemKind.RAW_MESSAGE);
        }
    }
}
