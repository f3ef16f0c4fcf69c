package io.ilagent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.delivery.PolicyUpdatePayload;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.policy.PolicyAudit.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The time every update is checked against (the newest message applied to its level) is read from the history
 * once per level and then follows what is recorded, exactly as a read of the file would.
 */
class NewestAppliedTimeTest extends PlantFixture {

    private void row(int level, Verdict outcome, String messageTime) {
        audit.record(new PolicyUpdatePayload("powerplant", "alice@example.com", level, "m-" + messageTime, messageTime),
                outcome, Optional.of(plant), List.of(UserRel.of(bob)), Optional.of(alice), Optional.empty());
    }

    private Optional<Instant> newest(int level) {
        return audit.latestAppliedMessageTime("powerplant", level);
    }

    @Test
    void theNewestAppliedTimeFollowsEveryRowRecordedAfterTheFirstLook() {
        assertThat(newest(0)).isEmpty();

        row(0, Verdict.APPLIED, "2026-06-01T09:00:00Z");
        assertThat(newest(0)).contains(Instant.parse("2026-06-01T09:00:00Z"));
        row(0, Verdict.NO_OP, "2026-06-01T08:00:00Z"); // older: the newest stays
        row(0, Verdict.SUPERSEDED, "2026-06-01T10:00:00Z"); // nothing applied
        row(0, Verdict.REJECTED, "2026-06-01T11:00:00Z");
        row(0, Verdict.DRY_RUN, "2026-06-01T11:30:00Z");
        assertThat(newest(0)).contains(Instant.parse("2026-06-01T09:00:00Z"));
        row(0, Verdict.NO_OP, "2026-06-01T12:00:00Z"); // found in place: counts as applied
        row(1, Verdict.APPLIED, "2026-06-01T07:00:00Z");

        assertThat(newest(0)).contains(Instant.parse("2026-06-01T12:00:00Z"));
        assertThat(newest(1)).contains(Instant.parse("2026-06-01T07:00:00Z"));
        restart();
        assertThat(newest(0)).as("read from the file").contains(Instant.parse("2026-06-01T12:00:00Z"));
        assertThat(newest(1)).contains(Instant.parse("2026-06-01T07:00:00Z"));
    }

    @Test
    void rowsRecordedBeforeTheFirstLookAreRead() {
        row(0, Verdict.APPLIED, "2026-06-01T09:00:00Z");
        restart();
        row(0, Verdict.APPLIED, "2026-06-01T08:00:00Z"); // recorded before this reader looked at level 0

        assertThat(newest(0)).contains(Instant.parse("2026-06-01T09:00:00Z"));
    }
}
