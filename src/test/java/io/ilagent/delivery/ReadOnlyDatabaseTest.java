package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands that only look open the file read-only: nothing migrated, locked or written. */
class ReadOnlyDatabaseTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();

    @Test
    void readingAStoppedDaemonsFileWritesNothingBesideIt() throws Exception {
        Path file = dir.resolve("agent.db3");
        try (Database db = Database.open(file, clock)) {
            new Outbox(db, clock, SupersededListener.NONE).enqueue(WorkItem.ordered(ItemKind.EVENT, "event:k/a", "p", "http"));
        }
        byte[] before = Files.readAllBytes(file);
        long modified = Files.getLastModifiedTime(file).toMillis();

        try (Database db = Database.openReadOnly(file)) {
            assertThat(new Outbox(db, clock, SupersededListener.NONE).pending(10)).hasSize(1);
            assertThatThrownBy(() -> new Outbox(db, clock, SupersededListener.NONE).purgePending())
                    .isInstanceOf(StoreException.class);
        }

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
        try (var siblings = Files.list(dir)) {
            assertThat(siblings).containsExactly(file);
        }
    }

    @Test
    void readingBesideARunningDaemonSeesItsLatestWrites() {
        Path file = dir.resolve("agent.db3");
        try (Database daemon = Database.open(file, clock)) {
            Outbox outbox = new Outbox(daemon, clock, SupersededListener.NONE);
            outbox.enqueue(WorkItem.ordered(ItemKind.EVENT, "event:k/a", "first", "http"));
            try (Database reader = Database.openReadOnly(file)) {
                outbox.enqueue(WorkItem.ordered(ItemKind.EVENT, "event:k/a", "second", "http"));

                assertThat(new Outbox(reader, clock, SupersededListener.NONE).pending(10))
                        .extracting(OutboxItem::payload).containsExactly("first", "second");
            }
        }
    }

    @Test
    void aFileWithoutTheAgentsTablesIsRefusedNotMigrated() throws Exception {
        Path file = dir.resolve("other.db3");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE event_items (id TEXT)"); // an ilagent 0.9.0 file, never taken over
        }

        assertThatThrownBy(() -> Database.openReadOnly(file)).isInstanceOf(StoreException.class)
                .hasMessage(file + " holds no ilagent queue yet: pass the daemon's file with -f FILE, "
                        + "or start the daemon on it once");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'outbox'")) {
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void aNewFileAndItsWalAndShmAreOwnerOnly() throws Exception {
        Path file = dir.resolve("agent.db3");
        try (Database db = Database.open(file, clock)) {
            new Outbox(db, clock, SupersededListener.NONE).enqueue(WorkItem.ordered(ItemKind.EVENT, "event:k/a", "p", "http"));

            for (Path p : new Path[] {file, Path.of(file + "-wal"), Path.of(file + "-shm")}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
                        .isEqualTo("rw-------");
            }
        }
    }

    @Test
    void anExistingFileKeepsTheModeItsOwnerGaveIt() throws Exception {
        Path file = dir.resolve("agent.db3");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        Database.open(file, clock).close();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    }
}
