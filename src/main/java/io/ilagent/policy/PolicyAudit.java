package io.ilagent.policy;

import io.ilagent.delivery.Database;
import io.ilagent.delivery.PolicyUpdatePayload;
import io.ilagent.ilert.EscalationRule.UserRel;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** The history of policy updates in SQLite: one row per outcome, newest last. */
public final class PolicyAudit {

    /**
     * What happened to one update. {@code DRIFT}: the drift check found the level changed in ilert since the
     * agent set it (previous users = what it found, new user = the agent's); it says nothing about updates.
     */
    public enum Verdict { APPLIED, NO_OP, DRY_RUN, SUPERSEDED, REJECTED, FAILED, DRIFT }

    /** Message id of the rows the drift check writes, and of its repairs. */
    public static final String DRIFT_CHECK = "policy-check";

    /** A level the agent put a user on (or found holding that user), by its latest history row. */
    public record Assignment(long rowId, String routingKey, int level, String email, long userId, Instant messageTime) {}

    // Rows that say what a level should hold: SUPERSEDED changes nothing, DRIFT only reports, and a repair
    // that failed (or was only a dry run) leaves the level to the next check rather than hiding it for good.
    private static final String STATE_ROWS = "outcome NOT IN ('SUPERSEDED', 'DRIFT') AND NOT (message_id = '"
            + DRIFT_CHECK + "' AND outcome IN ('FAILED', 'DRY_RUN'))";

    /** One row of the history. */
    public record Entry(Instant at, Verdict outcome, String messageId, Instant messageTime, String routingKey, int level,
                        String email, Optional<Long> policyId, Optional<String> previousUsers, Optional<Long> newUserId,
                        Optional<String> reason) {}

    private static final long NONE = Long.MIN_VALUE;
    private static final int KEEP_AT_MOST = 100_000;

    private final Database db;
    private final Clock clock;
    private final Consumer<Verdict> onRecorded;
    /**
     * {@link #latestAppliedMessageTime} by level (its lane), read from the history once and then kept up to date by
     * {@link #record}, so the check before every update costs no query. Only this process writes rows that raise
     * it: a drift repair run by {@code ilagent policy check --repair} records its assignment's own message time,
     * never a newer one, and retention keeps the row that holds it.
     */
    private final Map<String, Long> newestApplied = new ConcurrentHashMap<>();

    public PolicyAudit(Database db, Clock clock) {
        this(db, clock, outcome -> {});
    }

    /** {@code onRecorded} hears every outcome written, e.g. to count policy updates for metrics. */
    public PolicyAudit(Database db, Clock clock, Consumer<Verdict> onRecorded) {
        this.onRecorded = onRecorded;
        this.db = db;
        this.clock = clock;
    }

    /** An update with its order time ({@link PolicyUpdatePayload#orderTime}), read from its text once. */
    public record Update(PolicyUpdatePayload work, Instant orderTime) {}

    public void record(PolicyUpdatePayload work, Verdict outcome, Optional<Long> policyId, List<UserRel> previousUsers,
                       Optional<Long> newUserId, Optional<String> reason) {
        record(new Update(work, work.orderTime()), outcome, policyId, previousUsers, newUserId, reason);
    }

    public void record(Update update, Verdict outcome, Optional<Long> policyId, List<UserRel> previousUsers,
                       Optional<Long> newUserId, Optional<String> reason) {
        PolicyUpdatePayload work = update.work();
        String previous = previousUsers == null ? null : usersText(previousUsers);
        db.transaction("record policy history", c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO policy_audit (at, outcome, message_id, "
                    + "message_time, routing_key, level, email, policy_id, previous_users, new_user_id, reason) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setLong(1, clock.millis());
                s.setString(2, outcome.name());
                s.setString(3, work.messageId());
                s.setLong(4, update.orderTime().toEpochMilli());
                s.setString(5, work.routingKey());
                s.setInt(6, work.level());
                s.setString(7, work.email());
                setLong(s, 8, policyId);
                s.setString(9, previous);
                setLong(s, 10, newUserId);
                s.setString(11, reason.orElse(null));
                s.executeUpdate();
            }
            return null;
        });
        if (outcome == Verdict.APPLIED || outcome == Verdict.NO_OP) {
            // after the row is committed: a first read of the level running meanwhile either sees the row or
            // finishes before this (computeIfAbsent holds the key) and is raised here
            newestApplied.computeIfPresent(work.lane(),
                    (k, t) -> Math.max(t, update.orderTime().toEpochMilli()));
        }
        onRecorded.accept(outcome);
    }

    /** The order time (source time, else receive time) of the newest message applied (or found in place) on this level. */
    public Optional<Instant> latestAppliedMessageTime(String routingKey, int level) {
        if (newestApplied.size() > KEEP_AT_MOST) {
            newestApplied.clear(); // read again as needed
        }
        long newest = newestApplied.computeIfAbsent(PolicyUpdatePayload.laneOf(routingKey, level),
                k -> readLatestApplied(routingKey, level).map(Instant::toEpochMilli).orElse(NONE));
        return newest == NONE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(newest));
    }

    private Optional<Instant> readLatestApplied(String routingKey, int level) {
        return db.read("read policy history", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT MAX(message_time) FROM policy_audit "
                    + "WHERE routing_key = ? AND level = ? AND outcome IN ('APPLIED', 'NO_OP')")) {
                s.setString(1, routingKey);
                s.setInt(2, level);
                try (ResultSet rs = s.executeQuery()) {
                    long t = rs.next() ? rs.getLong(1) : 0;
                    return rs.wasNull() || t == 0 ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(t));
                }
            }
        });
    }

    /** Every level whose latest history row (drift reports aside) is APPLIED or NO_OP, by routing key and level. */
    public List<Assignment> assignments() {
        return db.read("read policy history", c -> {
            List<Assignment> found = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT a.* FROM policy_audit a JOIN (SELECT MAX(id) AS id "
                    + "FROM policy_audit WHERE " + STATE_ROWS + " GROUP BY routing_key, level) latest ON a.id = latest.id "
                    + "WHERE a.outcome IN ('APPLIED', 'NO_OP') AND a.new_user_id IS NOT NULL ORDER BY a.routing_key, a.level");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new Assignment(rs.getLong("id"), rs.getString("routing_key"), rs.getInt("level"),
                            rs.getString("email"), rs.getLong("new_user_id"), Instant.ofEpochMilli(rs.getLong("message_time"))));
                }
            }
            return found;
        });
    }

    /** Whether {@code assignment} is still the level's latest history row (drift reports aside). */
    public boolean isLatest(Assignment assignment) {
        return db.read("read policy history", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT MAX(id) FROM policy_audit WHERE routing_key = ? "
                    + "AND level = ? AND " + STATE_ROWS)) {
                s.setString(1, assignment.routingKey());
                s.setInt(2, assignment.level());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() && rs.getLong(1) == assignment.rowId();
                }
            }
        });
    }

    /** The users the latest drift report since {@code assignment} found on its level, as recorded. */
    public Optional<String> driftReported(Assignment assignment) {
        return db.read("read policy history", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT previous_users FROM policy_audit WHERE routing_key = ? "
                    + "AND level = ? AND outcome = 'DRIFT' AND id > ? ORDER BY id DESC LIMIT 1")) {
                s.setString(1, assignment.routingKey());
                s.setInt(2, assignment.level());
                s.setLong(3, assignment.rowId());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Records that the drift check found {@code found} on the level instead of the agent's user. */
    public void recordDrift(Assignment assignment, long policyId, List<UserRel> found, String reason) {
        record(new PolicyUpdatePayload(assignment.routingKey(), assignment.email(), assignment.level(), DRIFT_CHECK,
                        assignment.messageTime().toString()), Verdict.DRIFT, Optional.of(policyId), found,
                Optional.of(assignment.userId()), Optional.of(reason));
    }

    /**
     * Deletes the rows recorded before {@code cutoff} (retention), except those the agent still reads for a
     * level however old they are: its latest state row ({@link #assignments}, {@link #isLatest}), its latest
     * drift report ({@link #driftReported}) and the applied row with its newest message time
     * ({@link #latestAppliedMessageTime}, which makes an older update superseded). Returns how many went.
     */
    public int pruneBefore(Instant cutoff) {
        return db.transaction("prune policy history", c -> {
            // SQLite takes the bare column id from a row holding MAX(message_time); of rows tied on it (a repair
            // records its assignment's time) one may stay beside the latest state row: one extra row per level at most.
            try (PreparedStatement d = c.prepareStatement("DELETE FROM policy_audit WHERE at < ? AND id NOT IN ("
                    + "SELECT MAX(id) FROM policy_audit WHERE " + STATE_ROWS + " GROUP BY routing_key, level "
                    + "UNION SELECT MAX(id) FROM policy_audit WHERE outcome = 'DRIFT' GROUP BY routing_key, level "
                    + "UNION SELECT id FROM (SELECT id, MAX(message_time) FROM policy_audit "
                    + "WHERE outcome IN ('APPLIED', 'NO_OP') GROUP BY routing_key, level))")) {
                d.setLong(1, cutoff.toEpochMilli());
                return d.executeUpdate();
            }
        });
    }

    /** The text a list of users is recorded as, e.g. {@code [1002]}. */
    public String usersText(List<UserRel> users) {
        return users.stream().map(u -> String.valueOf(u.id())).collect(Collectors.joining(",", "[", "]"));
    }

    /** The newest {@code limit} entries, oldest first. */
    public List<Entry> latest(int limit) {
        return db.read("read policy history", c -> {
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM (SELECT * FROM policy_audit "
                    + "ORDER BY id DESC LIMIT ?) ORDER BY id ASC")) {
                s.setInt(1, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        entries.add(entry(rs));
                    }
                }
            }
            return entries;
        });
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(Instant.ofEpochMilli(rs.getLong("at")), Verdict.valueOf(rs.getString("outcome")),
                rs.getString("message_id"), Instant.ofEpochMilli(rs.getLong("message_time")), rs.getString("routing_key"),
                rs.getInt("level"), rs.getString("email"), optionalLong(rs, "policy_id"),
                Optional.ofNullable(rs.getString("previous_users")), optionalLong(rs, "new_user_id"),
                Optional.ofNullable(rs.getString("reason")));
    }

    private static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }

    private static void setLong(PreparedStatement s, int index, Optional<Long> value) throws SQLException {
        if (value.isPresent()) {
            s.setLong(index, value.get());
        } else {
            s.setNull(index, Types.INTEGER);
        }
    }
}
