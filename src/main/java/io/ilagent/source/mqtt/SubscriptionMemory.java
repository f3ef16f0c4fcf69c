package io.ilagent.source.mqtt;

import io.ilagent.delivery.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The topic filters this client id last subscribed at this broker, kept in the agent's SQLite file.
 * A persistent session keeps its subscriptions across restarts: when the topic flags change, the
 * filters no longer configured must be unsubscribed, or a publish matching an old and a new filter
 * arrives twice. MQTT has no way to ask the broker for a session's subscriptions, hence this table.
 */
final class SubscriptionMemory {
    /** Remembers nothing: nothing is ever unsubscribed (tests and tools without a database). */
    static final SubscriptionMemory NONE = new SubscriptionMemory(null, "", "");

    private final Database db;
    private final String broker;
    private final String clientId;

    private SubscriptionMemory(Database db, String broker, String clientId) {
        this.db = db;
        this.broker = broker;
        this.clientId = clientId;
    }

    /** Creates the table when missing; it is not part of the migrations, as only MQTT uses it. */
    static SubscriptionMemory in(Database db, String host, int port, String clientId) {
        db.transaction("create the MQTT subscription table", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS mqtt_subscriptions (broker TEXT NOT NULL, client_id TEXT NOT NULL,"
                        + " filter TEXT NOT NULL, PRIMARY KEY (broker, client_id, filter))");
            }
            return null;
        });
        return new SubscriptionMemory(db, host + ":" + port, clientId);
    }

    Set<String> filters() {
        if (db == null) {
            return Set.of();
        }
        return db.read("read the remembered MQTT subscriptions", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT filter FROM mqtt_subscriptions WHERE broker = ? AND client_id = ? ORDER BY filter")) {
                s.setString(1, broker);
                s.setString(2, clientId);
                Set<String> filters = new LinkedHashSet<>();
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        filters.add(rows.getString(1));
                    }
                }
                return filters;
            }
        });
    }

    void remember(Set<String> filters) {
        if (db == null) {
            return;
        }
        db.transaction("remember the MQTT subscriptions", c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM mqtt_subscriptions WHERE broker = ? AND client_id = ?");
                 PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO mqtt_subscriptions (broker, client_id, filter) VALUES (?, ?, ?)")) {
                delete.setString(1, broker);
                delete.setString(2, clientId);
                delete.executeUpdate();
                for (String filter : filters) {
                    insert.setString(1, broker);
                    insert.setString(2, clientId);
                    insert.setString(3, filter);
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }
}
