package io.ilagent.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Optional;
import java.util.function.Consumer;

/** The history of policy updates in SQLite: one row per outcome, newest last. */
public final class PolicyAudit {

    /** What happened to one update. */
    public enum Outcome { APPLIED, NO_OP, DRY_RUN, SUPERSEDED, REJECTED, FAILED }

    /** One row of the history. */
    public record Entry(Instant at, Outcome outcome, String messageId, Instant messageTime, String routingKey, int level,
                        String email, Optional<Long> policyId, Optional<String> previousUsers, Optional<Long> newUserId,
                        Optional<String> reason) {}

    private final Database db;
    private final Clock clock;
    private final ObjectMapper json;
    private final Consumer<Outcome> onRecorded;

    public PolicyAudit(Database db, Clock clock, ObjectMapper json) {
        this(db, clock, json, outcome -> {});
    }

    /** {@code onRecorded} hears every outcome written, e.g. to count policy updates for metrics. */
    public PolicyAudit(Database db, Clock clock, ObjectMapper json, Consumer<Outcome> onRecorded) {
        this.onRecorded = onRecorded;
        this.db = db;
        this.clock = clock;
        this.json = json;
    }

    public void record(PolicyUpdatePayload work, Outcome outcome, Optional<Long> policyId, List<UserRel> previousUsers,
                       Optional<Long> newUserId, Optional<String> reason) {
        String previous = previousUsers == null ? null : usersText(previousUsers);
        db.transaction("record policy history", c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO policy_audit (at, outcome, message_id, "
                    + "message_time, routing_key, level, email, policy_id, previous_users, new_user_id, reason) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setLong(1, clock.millis());
                s.setString(2, outcome.name());
                s.setString(3, work.messageId());
                s.setLong(4, work.orderTime().toEpochMilli());
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
        onRecorded.accept(outcome);
    }


    /** The order time (source time, else receive time) of the newest message applied (or found in place) on this level. */
    public Optional<Instant> latestAppliedMessageTime(String routingKey, int level) {
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
        return new Entry(Instant.ofEpochMilli(rs.getLong("at")), Outcome.valueOf(rs.getString("outcome")),
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

    private String usersText(List<UserRel> users) {
        try {
            return json.writeValueAsString(users.stream().map(UserRel::id).toList());
        } catch (JsonProcessingException e) {
            return users.toString();
        }
    }
}
