package io.ilagent.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ilagent.ilert.Event;
import io.ilagent.ilert.EventChannel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves rows that ilagent 0.9.0 left waiting ({@code event_items}, {@code mqtt_queue}) into the
 * outbox, in the same transaction that deletes them, so an interrupted takeover neither loses nor
 * duplicates anything. Runs at every open because a downgraded 0.9.0 may have written rows since.
 * Its tables stay (empty) so that 0.9.0 can still open the file. A row that cannot be read becomes a
 * dead letter carrying the row as JSON, never silently dropped.
 */
final class LegacyTakeover {

    private static final Logger log = LoggerFactory.getLogger(LegacyTakeover.class);
    static final String STAGE = "takeover";
    private static final String MQTT_PREFIX = "/v1/events/mqtt/";
    private static final String KAFKA_PREFIX = "/v1/events/kafka/";

    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final WorkCodec codec = new WorkCodec();

    LegacyTakeover(Clock clock) {
        this.clock = clock;
    }

    void run(Database db) {
        int moved = db.transaction("take over ilagent 0.9.0 rows", c -> takeEvents(c) + takeMqttQueue(c));
        if (moved > 0) {
            log.info("Took over {} waiting item(s) from ilagent 0.9.0 tables into the outbox", moved);
        }
    }

    private int takeEvents(Connection c) throws SQLException {
        Set<String> cols = columns(c, "event_items");
        if (cols.isEmpty()) {
            return 0;
        }
        int moved = 0;
        try (PreparedStatement q = c.prepareStatement("SELECT * FROM event_items ORDER BY " + order(cols));
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                String rowId = rs.getString("id");
                String source = "ilagent 0.9.0 event_items " + rowId;
                try {
                    Outbox.insert(c, codec.item(toPayload(rs, cols), source), clock.instant());
                } catch (Exception e) {
                    deadLetter(c, ItemKind.EVENT, "event_items", rowAsJson(rs, cols), source, e);
                }
                moved++;
            }
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM event_items")) {
            d.executeUpdate();
        }
        return moved;
    }

    private EventPayload toPayload(ResultSet rs, Set<String> cols) throws Exception {
        ObjectNode node = json.createObjectNode();
        node.put("integrationKey", rs.getString(cols.contains("integration_key") ? "integration_key" : "api_key"));
        node.put("eventType", rs.getString("event_type"));
        node.put("summary", rs.getString("summary"));
        node.put("details", rs.getString("details"));
        node.put("alertKey", rs.getString(cols.contains("alert_key") ? "alert_key" : "incident_key"));
        node.put("priority", rs.getString("priority"));
        putJson(node, "images", rs.getString("images"));
        putJson(node, "links", rs.getString("links"));
        putJson(node, "customDetails", rs.getString("custom_details"));
        Event event = json.treeToValue(node, Event.class);
        String path = cols.contains("event_api_path") ? rs.getString("event_api_path") : null;
        if (path == null) {
            return EventPayload.of(EventChannel.API, event);
        }
        if (path.startsWith(MQTT_PREFIX)) {
            return new EventPayload(EventChannel.MQTT, path.substring(MQTT_PREFIX.length()), event);
        }
        if (path.startsWith(KAFKA_PREFIX)) {
            return new EventPayload(EventChannel.KAFKA, path.substring(KAFKA_PREFIX.length()), event);
        }
        throw new IllegalArgumentException("unrecognised event_api_path '" + path + "'");
    }

    private void putJson(ObjectNode node, String field, String text) throws Exception {
        if (text != null && !text.isBlank()) {
            node.set(field, json.readTree(text));
        }
    }

    private int takeMqttQueue(Connection c) throws SQLException {
        Set<String> cols = columns(c, "mqtt_queue");
        if (cols.isEmpty()) {
            return 0;
        }
        int moved = 0;
        try (PreparedStatement q = c.prepareStatement("SELECT * FROM mqtt_queue ORDER BY " + order(cols));
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                var message = new RawMessage(rs.getString("topic"), rs.getString("payload"));
                String source = "ilagent 0.9.0 mqtt_queue " + rs.getString("id") + " topic " + message.topic();
                try {
                    Outbox.insert(c, codec.item(message, source), clock.instant());
                } catch (Exception e) {
                    deadLetter(c, ItemKind.RAW_MESSAGE, "mqtt_queue", rowAsJson(rs, cols), source, e);
                }
                moved++;
            }
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM mqtt_queue")) {
            d.executeUpdate();
        }
        return moved;
    }

    private void deadLetter(Connection c, ItemKind kind, String table, String row, String source, Exception e)
            throws SQLException {
        String reason = "could not read ilagent 0.9.0 " + table + " row: " + e.getMessage();
        log.warn("{}: {}; kept as a dead letter", source, reason);
        Instant now = clock.instant();
        long id = Outbox.insert(c, WorkItem.ordered(kind, "legacy:" + table, row, source), now);
        DeadLetters.bury(c, id, 0, reason, STAGE, now);
    }

    private String rowAsJson(ResultSet rs, Set<String> cols) throws SQLException {
        ObjectNode node = json.createObjectNode();
        for (String col : cols) {
            node.put(col, rs.getString(col));
        }
        return node.toString();
    }

    // inserted_at has millisecond precision only; rowid breaks ties in the order rows were written.
    private static String order(Set<String> cols) {
        return cols.contains("inserted_at") ? "inserted_at ASC, rowid ASC" : "rowid ASC";
    }

    /** Column names of {@code table}, empty when the table does not exist. */
    private static Set<String> columns(Connection c, String table) throws SQLException {
        Set<String> cols = new HashSet<>();
        try (PreparedStatement q = c.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
            q.setString(1, table);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    cols.add(rs.getString(1));
                }
            }
        }
        return cols;
    }
}
