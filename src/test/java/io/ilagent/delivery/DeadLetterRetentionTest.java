package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dead letters are deleted by the time they became one, by an indexed DELETE, from files old and new. */
class DeadLetterRetentionTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T08:00:00Z"));

    private static WorkItem item(String name) {
        return WorkItem.ordered(ItemKind.EVENT, "events:" + name, "{\"summary\":\"" + name + "\"}", "test " + name);
    }

    @Test
    void deadLettersOlderThanTheCutoffGoAndYoungerOnesStay() {
        try (Database db = Database.open(dir.resolve("agent.db3"), clock)) {
            DeadLetters letters = new DeadLetters(db, clock);
            long old = letters.reject(item("old"), "unreadable", "parse");
            clock.advance(Duration.ofDays(20));
            long young = letters.reject(item("young"), "unreadable", "parse");
            clock.advance(Duration.ofDays(15)); // old is 35 days dead, young 15

            int deleted = letters.pruneBefore(clock.instant().minus(Duration.ofDays(30)));

            assertThat(deleted).isEqualTo(1);
            assertThat(letters.find(old)).isEmpty();
            assertThat(letters.list(10)).extracting(DeadLetter::id).containsExactly(young);
        }
    }

    @Test
    void aDeadLetterExactlyAtTheCutoffStays() {
        try (Database db = Database.open(dir.resolve("agent.db3"), clock)) {
            DeadLetters letters = new DeadLetters(db, clock);
            long id = letters.reject(item("edge"), "unreadable", "parse");

            assertThat(letters.pruneBefore(clock.instant())).isZero();
            assertThat(letters.find(id)).isPresent();
        }
    }

    @Test
    void theDeleteFindsOldDeadLettersByAnIndexNotByReadingTheTable() {
        try (Database db = Database.open(dir.resolve("agent.db3"), clock)) {
            List<String> plan = db.read("explain", c -> {
                List<String> steps = new ArrayList<>();
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN DELETE FROM dead_letters WHERE dead_at < 1")) {
                    while (rs.next()) {
                        steps.add(rs.getString("detail"));
                    }
                }
                return steps;
            });
            assertThat(plan).anyMatch(step -> step.contains("USING COVERING INDEX dead_letters_dead_at")
                    || step.contains("USING INDEX dead_letters_dead_at"));
        }
    }

    @Test
    void aFileFromBeforeTheRetentionIndexesKeepsItsRowsAndGetsThem() {
        Path file = dir.resolve("agent.db3");
        long id;
        try (Database db = Database.open(file, clock)) {
            id = new DeadLetters(db, clock).reject(item("kept"), "unreadable", "parse");
            db.transaction("make a version 5 file", c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP INDEX dead_letters_dead_at");
                    s.execute("DROP INDEX policy_audit_at");
                    s.execute("DELETE FROM schema_migrations WHERE version = 6");
                }
                return null;
            });
        }

        try (Database db = Database.open(file, clock)) {
            assertThat(new DeadLetters(db, clock).find(id)).hasValueSatisfying(d -> assertThat(d.reason()).isEqualTo("unreadable"));
            List<String> indexes = db.read("list indexes", c -> {
                List<String> names = new ArrayList<>();
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'")) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
                return names;
            });
            assertThat(indexes).contains("dead_letters_dead_at", "policy_audit_at");
        }
    }
}
