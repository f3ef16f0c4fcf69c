package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that is not the agent's to use is refused with one line, and left exactly as it was. */
class BrokenDatabaseTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();

    @Test
    void aFileThatIsNotSqliteIsRefusedAndNeverChanged() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "mqtt_host: localhost\nport: 8977\n");

        assertRefusedUnchanged(file, message -> assertThat(message)
                .isEqualTo(file + " is not an SQLite database: pass the daemon's file with -f FILE; "
                        + "ilagent has not changed it"));
    }

    @Test
    void aDamagedFileIsRefusedAndNeverChanged() throws Exception {
        Path file = dir.resolve("agent.db3");
        try (Database db = Database.open(file, clock)) {
            Outbox outbox = new Outbox(db, clock, SupersededListener.NONE);
            for (int i = 0; i < 200; i++) {
                outbox.enqueue(WorkItem.ordered(ItemKind.EVENT, "event:k/" + i, "x".repeat(500), "http"));
            }
        }
        scribbleOverPagesAfterTheFirst(file);

        assertRefusedUnchanged(file, message -> assertThat(message)
                .startsWith(file + " is damaged (")
                .endsWith("): restore it from a backup, or move it aside to start with an empty queue; "
                        + "ilagent has not changed it"));
    }

    @Test
    void aFileWrittenByANewerAgentIsRefusedAndNeverChanged() throws Exception {
        Path file = dir.resolve("agent.db3");
        Database.open(file, clock).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_migrations VALUES (99, 'from the future', '2030-01-01T00:00:00Z')");
        }

        assertRefusedUnchanged(file, message -> assertThat(message)
                .startsWith(file + " was written by a newer ilagent (schema version 99, this one knows up to ")
                .endsWith("): run that version or a newer one; ilagent has not changed it"));
    }

    @Test
    void openErrorsNameTheFileOnceAndNoJavaClass() {
        Path file = dir.resolve("missing-dir/agent.db3");

        assertThatThrownBy(() -> Database.open(file, clock)).isInstanceOf(StoreException.class)
                .hasMessage("cannot create " + file + ": its directory does not exist");
    }

    private void assertRefusedUnchanged(Path file, Consumer<String> message) throws Exception {
        byte[] before = Files.readAllBytes(file);
        long modified = Files.getLastModifiedTime(file).toMillis();

        for (Runnable open : new Runnable[] {() -> Database.open(file, clock), () -> Database.openReadOnly(file)}) {
            assertThatThrownBy(open::run).isInstanceOf(StoreException.class)
                    .satisfies(e -> message.accept(e.getMessage()))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Exception", "SQLITE_", "\n"));
        }

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
        assertThat(Path.of(file + "-journal")).doesNotExist();
    }

    // Keeps the header (so SQLite opens it) and breaks the b-tree pages behind it, as a bad disk would.
    private static void scribbleOverPagesAfterTheFirst(Path file) throws Exception {
        assertThat(Path.of(file + "-wal")).as("closed cleanly, all in the main file").doesNotExist();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] junk = new byte[(int) raf.length() - 4096];
            for (int i = 0; i < junk.length; i++) {
                junk[i] = (byte) (i * 31 + 7);
            }
            raf.seek(4096);
            raf.write(junk);
        }
    }
}
