package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.ilert.EventChannel;
import io.ilagent.ilert.EventType;
import io.ilagent.ilert.Priority;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a file that ilagent 0.9.0 wrote (schema as its migrations mig_1..mig_5 leave it). */
class LegacyDatabaseTest {

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock = Clock.systemUTC();

    private Path legacyFile() throws SQLException {
        Path file = dir.resolve("ilagent.db3");
        sql(file, """
                CREATE TABLE ilagent (key TEXT PRIMARY KEY, val TEXT NOT NULL, created_at TEXT NOT NULL)""",
                "CREATE TABLE event_items (id TEXT PRIMARY KEY, api_key TEXT NOT NULL, event_type TEXT NOT NULL, "
                        + "incident_key TEXT NULL, summary TEXT NOT NULL, created_at TEXT NOT NULL, priority TEXT NULL, "
                        + "images TEXT NULL, links TEXT NULL, custom_details TEXT NULL, details TEXT NULL)",
                "ALTER TABLE event_items RENAME COLUMN incident_key TO alert_key",
                "ALTER TABLE event_items ADD COLUMN inserted_at DATETIME DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now'))",
                "ALTER TABLE event_items ADD COLUMN event_api_path TEXT NULL",
                "ALTER TABLE event_items RENAME COLUMN api_key TO integration_key",
                "CREATE TABLE mqtt_queue (id TEXT PRIMARY KEY, topic TEXT NOT NULL, payload TEXT NOT NULL, "
                        + "inserted_at DATETIME DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')))");
        for (int m = 1; m <= 5; m++) {
            sql(file, "INSERT INTO ilagent VALUES ('mig_" + m + "', '1', '2026-05-02 09:07:07.123456789 UTC')");
        }
        sql(file, """
                INSERT INTO event_items (id, integration_key, event_type, alert_key, summary, created_at, priority,
                    images, links, custom_details, details, inserted_at, event_api_path)
                VALUES ('6f1c', 'il1api123', 'ALERT', 'disk-1', 'Disk full', '2026-05-02 09:07:07.1 UTC', 'HIGH',
                    '[{"src":"https://img/1.png"}]', '[{"href":"https://runbook","text":"runbook"}]',
                    '{"host":"db1"}', 'at 99%', '2026-05-02 09:07:07.100', NULL)""",
                """
                INSERT INTO event_items (id, integration_key, event_type, alert_key, summary, created_at,
                    inserted_at, event_api_path)
                VALUES ('7a2d', 'il1mqtt456', 'RESOLVE', 'door', 'closed', '2026-05-02 09:07:08.0 UTC',
                    '2026-05-02 09:07:08.000', '/v1/events/mqtt/il1mqtt456')""",
                """
                INSERT INTO mqtt_queue (id, topic, payload, inserted_at)
                VALUES ('8b3e', 'ilert/policies', '{"email":"a@b.c","shift":1}', '2026-05-02 09:07:09.000')""");
        return file;
    }

    @Test
    void pendingRowsAreTakenOverIntoTheOutboxAndOldTablesEmptied() throws Exception {
        Path file = legacyFile();

        try (Database db = Database.open(file, clock)) {
            List<OutboxItem> items = new Outbox(db, clock, SupersededListener.NONE).pending(10);

            assertThat(items).extracting(OutboxItem::kind)
                    .containsExactly(ItemKind.EVENT, ItemKind.EVENT, ItemKind.RAW_MESSAGE);
            EventPayload http = json.readValue(items.get(0).payload(), EventPayload.class);
            assertThat(http.channel()).isEqualTo(EventChannel.API);
            assertThat(http.event().integrationKey()).isEqualTo("il1api123");
            assertThat(http.event().eventType()).isEqualTo(EventType.ALERT);
            assertThat(http.event().alertKey()).isEqualTo("disk-1");
            assertThat(http.event().priority()).isEqualTo(Priority.HIGH);
            assertThat(http.event().details()).isEqualTo("at 99%");
            assertThat(http.event().images()).extracting(i -> i.src()).containsExactly("https://img/1.png");
            assertThat(http.event().links()).extracting(l -> l.text()).containsExactly("runbook");
            assertThat(http.event().customDetails().get("host").asText()).isEqualTo("db1");
            assertThat(items.get(0).lane()).isEqualTo("event:il1api123/disk-1");
            assertThat(items.get(0).sourceRef()).isEqualTo("ilagent 0.9.0 event_items 6f1c");

            EventPayload mqtt = json.readValue(items.get(1).payload(), EventPayload.class);
            assertThat(mqtt.channel()).isEqualTo(EventChannel.MQTT);
            assertThat(mqtt.routeKey()).isEqualTo("il1mqtt456");
            assertThat(mqtt.event().eventType()).isEqualTo(EventType.RESOLVE);

            RawMessage raw = json.readValue(items.get(2).payload(), RawMessage.class);
            assertThat(raw).isEqualTo(new RawMessage("ilert/policies", "{\"email\":\"a@b.c\",\"shift\":1}"));
        }
        assertThat(column(file, "SELECT COUNT(*) FROM event_items")).containsExactly("0");
        assertThat(column(file, "SELECT COUNT(*) FROM mqtt_queue")).containsExactly("0");
        assertThat(column(file, "SELECT key FROM ilagent ORDER BY key"))
                .containsExactly("mig_1", "mig_2", "mig_3", "mig_4", "mig_5");
    }

    @Test
    void openingTwiceIsIdempotent() throws Exception {
        Path file = legacyFile();

        Database.open(file, clock).close();
        try (Database db = Database.open(file, clock)) {
            assertThat(new Outbox(db, clock, SupersededListener.NONE).pending(10)).hasSize(3);
        }
        assertThat(column(file, "SELECT version FROM schema_migrations ORDER BY version")).containsExactly("1", "2", "3", "4", "5", "6");
    }

    @Test
    void interruptedTakeoverNeitherLosesNorDuplicatesRows() throws Exception {
        Path file = legacyFile();
        sql(file, "DELETE FROM mqtt_queue");
        Database.open(file, clock).close(); // takes over the two events
        sql(file, "INSERT INTO event_items (id, integration_key, event_type, summary, created_at) "
                        + "VALUES ('9c4f', 'k', 'ALERT', 's', 'x')",
                "INSERT INTO mqtt_queue (id, topic, payload) VALUES ('9d5a', 't', 'p')",
                "CREATE TRIGGER fail_mqtt BEFORE INSERT ON outbox WHEN NEW.kind = 'RAW_MESSAGE' "
                        + "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END");

        assertThatThrownBy(() -> Database.open(file, clock)).isInstanceOf(StoreException.class)
                .hasMessageContaining("disk I/O error");
        assertThat(column(file, "SELECT id FROM event_items")).containsExactly("9c4f");
        assertThat(column(file, "SELECT COUNT(*) FROM outbox")).containsExactly("2");

        sql(file, "DROP TRIGGER fail_mqtt");
        Database.open(file, clock).close();
        assertThat(column(file, "SELECT source_ref FROM outbox ORDER BY id")).containsExactly(
                "ilagent 0.9.0 event_items 6f1c", "ilagent 0.9.0 event_items 7a2d",
                "ilagent 0.9.0 event_items 9c4f", "ilagent 0.9.0 mqtt_queue 9d5a topic t");
    }

    @Test
    void unreadableRowBecomesADeadLetterInsteadOfBeingDropped() throws Exception {
        Path file = legacyFile();
        sql(file, "INSERT INTO event_items (id, integration_key, event_type, summary, created_at) "
                + "VALUES ('bad1', 'k', 'EXPLODE', 's', 'x')");

        try (Database db = Database.open(file, clock)) {
            DeadLetter dead = new DeadLetters(db, clock).list(10).getFirst();
            assertThat(dead.stage()).isEqualTo("takeover");
            assertThat(dead.reason()).startsWith("could not read ilagent 0.9.0 event_items row");
            assertThat(json.readTree(dead.payload()).get("event_type").asText()).isEqualTo("EXPLODE");
            assertThat(dead.sourceRef()).isEqualTo("ilagent 0.9.0 event_items bad1");
        }
    }

    private static void sql(Path file, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static List<String> column(Path file, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
