package io.ilagent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.config.RetentionSettings;
import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetter;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.MutableClock;
import io.ilagent.delivery.PolicyUpdatePayload;
import io.ilagent.delivery.WorkItem;
import io.ilagent.policy.PolicyAudit;
import io.ilagent.policy.PolicyAudit.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's retention job: each run deletes what is older than its own flag asks, at the clock's time. */
class RetentionJobTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));
    private Database db;
    private DeadLetters letters;
    private PolicyAudit history;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("agent.db3"), clock);
        letters = new DeadLetters(db, clock);
        history = new PolicyAudit(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void deadLetter(String name) {
        letters.reject(WorkItem.ordered(ItemKind.EVENT, "events:" + name, "{}", name), "unreadable", "parse");
    }

    private void historyRow(String messageId) {
        clock.advance(Duration.ofMinutes(1));
        history.record(new PolicyUpdatePayload("plant", "alice@example.com", 0, messageId, clock.instant().toString()),
                Verdict.APPLIED, Optional.of(7L), List.of(), Optional.of(1L), Optional.empty());
    }

    private RetentionJob job(String deadLetters, String historyRows) {
        return new RetentionJob(new RetentionSettings(RetentionSettings.parse(deadLetters),
                RetentionSettings.parse(historyRows)), letters, history, clock);
    }

    @Test
    void eachRetentionDeletesWhatIsOlderThanItsOwnDuration() {
        deadLetter("d1");
        historyRow("h1");
        historyRow("h2");
        clock.advance(Duration.ofDays(40)); // past 30d, not past 90d
        deadLetter("d2");
        RetentionJob job = job("30d", "90d");

        assertThat(job.runOnce()).isEqualTo(new RetentionJob.Pruned(1, 0));
        assertThat(letters.list(10)).extracting(DeadLetter::sourceRef).containsExactly("d2");

        clock.advance(Duration.ofDays(60)); // d2 60 days dead; h1, h2 100 days old, h2 stays as the level's latest
        assertThat(job.runOnce()).isEqualTo(new RetentionJob.Pruned(1, 1));
        assertThat(letters.list(10)).isEmpty();
        assertThat(history.latest(10)).extracting(PolicyAudit.Entry::messageId).containsExactly("h2");
    }

    @Test
    void offKeepsEverythingHoweverOld() {
        deadLetter("d1");
        historyRow("h1");
        historyRow("h2");
        clock.advance(Duration.ofDays(3650));

        assertThat(job("off", "0").runOnce()).isEqualTo(new RetentionJob.Pruned(0, 0));
        assertThat(letters.list(10)).hasSize(1);
        assertThat(history.latest(10)).hasSize(2);
        assertThat(RetentionJob.of(new RetentionSettings(Duration.ZERO, Duration.ZERO), letters, history, clock)).isEmpty();
    }

    @Test
    void minutesAreHonouredForShortRetentions() {
        deadLetter("d1");
        clock.advance(Duration.ofMinutes(4));
        deadLetter("d2");
        clock.advance(Duration.ofMinutes(2));

        assertThat(job("5m", "off").runOnce().deadLetters()).isEqualTo(1);
        assertThat(letters.list(10)).extracting(DeadLetter::sourceRef).containsExactly("d2");
    }
}
