package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** The SQLite driver does no work per statement that the agent never uses. */
class DatabaseDriverSettingsTest {

    @TempDir
    Path dir;

    @Test
    void anInsertIsNotFollowedByALookupOfItsGeneratedKey() {
        Path file = dir.resolve("agent.db3");
        try (Database db = Database.open(file, Clock.systemUTC())) {
            boolean asked = db.read("check the driver", c -> c.unwrap(SQLiteConnection.class).getConnectionConfig()
                    .isGetGeneratedKeys());
            assertThat(asked).isFalse();

            // What the driver would otherwise fetch after the INSERT: with the lookup off it has nothing.
            boolean keyFetched = db.transaction("insert", c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO outbox (kind, lane, latest_wins, payload, "
                        + "source_ref, attempts, next_attempt_at, created_at) VALUES ('EVENT', 'event:k/a', 0, 'p', 'x', 0, 0, 0)")) {
                    s.executeUpdate();
                    try (ResultSet keys = s.getGeneratedKeys()) {
                        return keys != null && keys.next();
                    }
                }
            });
            assertThat(keyFetched).isFalse();
        }
        try (Database readOnly = Database.openReadOnly(file)) {
            boolean asked = readOnly.read("check the driver", c -> c.unwrap(SQLiteConnection.class).getConnectionConfig()
                    .isGetGeneratedKeys());
            assertThat(asked).isFalse();
        }
    }
}
