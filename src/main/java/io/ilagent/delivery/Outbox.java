package io.ilagent.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable work items waiting for delivery. An item is committed before {@link #enqueue} returns, so a
 * source may acknowledge its message right after. Which lane is being delivered right now is known
 * only to this process (in memory), which is why superseding and claiming happen here.
 */
public final class Outbox implements ItemStore {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    // Each lane's head, and how many items its lane holds (lane_items): a latest-wins lane holding one is not
    // searched for items to supersede when its head is claimed.
    private static final String HEADS = "SELECT o.*, h.lane_items FROM outbox o JOIN (SELECT lane, MIN(id) AS id, "
            + "COUNT(*) AS lane_items FROM outbox GROUP BY lane) h ON o.id = h.id ";

    private final Database db;
    private final Clock clock;
    private final SupersededListener supersededListener;
    private final LaneClaims claims = new LaneClaims();
    private final Map<String, Instant> parked = new ConcurrentHashMap<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    // Claimed lanes that got an item while claimed (guarded by the database's lock: changed and read only in its
    // transactions): only these can hold an item to supersede when their delivery finishes. One stored by another
    // process meanwhile (a requeued dead letter) is found when the lane's head is claimed next.
    private final Set<String> joinedWhileClaimed = ConcurrentHashMap.newKeySet();

    public Outbox(Database db, Clock clock, SupersededListener supersededListener) {
        this.db = db;
        this.clock = clock;
        this.supersededListener = supersededListener;
    }

    /** Stores the item durably; in a latest-wins lane, older items that are not being delivered are dropped. */
    public long enqueue(WorkItem item) {
        List<Supersession> superseded = new ArrayList<>();
        long id = db.transaction("enqueue", c -> {
            long newId = insert(c, item, clock.instant());
            joined(item.lane());
            if (item.latestWins()) {
                superseded.addAll(supersedeOlder(c, item.lane()));
            }
            return newId;
        });
        log.debug("Item {} ({}, lane {}) enqueued from {}", id, item.kind(), item.lane(), item.sourceRef());
        report(superseded);
        changeListeners.forEach(Runnable::run);
        return id;
    }

    /**
     * Stores items that were kept in memory so far, in their order, with their retry state (attempts,
     * next attempt time, last error) and original receipt time: a direct message whose attempt failed
     * moves here before its source acknowledges it, and later items of its lane follow it.
     */
    void spill(List<OutboxItem> items) {
        db.transaction("store failed direct items", c -> {
            for (OutboxItem item : items) {
                long id = insert(c, item.work(), item.createdAt());
                joined(item.lane());
                try (PreparedStatement u = c.prepareStatement(
                        "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?")) {
                    u.setInt(1, item.attempts());
                    u.setLong(2, item.nextAttemptAt().toEpochMilli());
                    u.setString(3, item.lastError().orElse(null));
                    u.setLong(4, id);
                    u.executeUpdate();
                }
            }
            return null;
        });
        changeListeners.forEach(Runnable::run);
    }

    /** Whether any item of {@code lane} waits here; a new item of that lane must then queue behind it. */
    boolean hasLane(String lane) {
        return db.read("look up lane", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM outbox WHERE lane = ? LIMIT 1")) {
                q.setString(1, lane);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Stores a dead letter for an item that was never in the outbox (kept in memory until now). */
    void buryDirect(OutboxItem item, int attempts, String reason, String stage, String lastError) {
        db.transaction("store dead letter", c -> {
            long id = insert(c, item.work(), item.createdAt());
            try (PreparedStatement u = c.prepareStatement("UPDATE outbox SET last_error = ? WHERE id = ?")) {
                u.setString(1, lastError);
                u.setLong(2, id);
                u.executeUpdate();
            }
            return DeadLetters.bury(c, id, attempts, reason, stage, clock.instant());
        });
    }

    /** {@code listener} runs after every enqueue, e.g. to wake the delivery engine. */
    public void onEnqueue(Runnable listener) {
        changeListeners.add(listener);
    }

    /**
     * Claims up to {@code max} due lane heads of the given kinds whose lanes are not being delivered.
     * A claimed lane stays claimed until {@link #delivered}, {@link #retryAt}, {@link #bury} or {@link #release}.
     */
    @Override
    public List<OutboxItem> claimDue(Set<ItemKind> kinds, int max) {
        if (max <= 0 || kinds.isEmpty()) {
            return List.of();
        }
        List<Supersession> superseded = new ArrayList<>();
        List<OutboxItem> claimed = db.transaction("claim due items", c -> {
            List<OutboxItem> result = new ArrayList<>();
            Set<String> underWay = LaneGroup.underWay(claims.lanes());
            Set<String> crowded = new HashSet<>(); // lanes of more than one item
            // The queries leave out the lanes under way here (a claimed lane's head is the item that holds it), so
            // they read about as many rows as there is room for, not as many more as there are lanes under way.
            List<Long> holders = claims.storedHolders();
            String held = holders.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
            int limit = max + claims.count() - holders.size(); // a lane under way from memory is still read, then skipped
            List<OutboxItem> heads = withGroups(c, dueHeads(c, kinds, limit, held, crowded), underWay, kinds, held,
                    crowded);
            for (OutboxItem head : LaneGroup.arrange(heads, underWay)) {
                if (result.size() == max || claims.isClaimed(head.lane()) || isParked(head.lane())) {
                    continue;
                }
                Optional<OutboxItem> claim = Optional.of(head);
                if (head.latestWins() && crowded.contains(head.lane())) {
                    List<Supersession> dropped = supersedeOlder(c, head.lane());
                    superseded.addAll(dropped);
                    claim = dropped.isEmpty() ? claim : newestDue(c, head.lane(), kinds);
                }
                claim.filter(item -> claims.claim(item.lane(), item.id())).ifPresent(item -> {
                    joinedWhileClaimed.remove(item.lane());
                    result.add(item);
                });
            }
            return result;
        });
        report(superseded);
        return claimed;
    }

    @Override
    public void delivered(OutboxItem item, String note) {
        finish(item, "mark delivered", c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
                d.setLong(1, item.id());
                d.executeUpdate();
            }
            DeliveryTrace.record(c, item, note, clock.instant());
        });
    }

    @Override
    public void retryAt(OutboxItem item, int attempts, Instant next, String error) {
        finish(item, "schedule retry", c -> {
            try (PreparedStatement u = c.prepareStatement(
                    "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?")) {
                u.setInt(1, attempts);
                u.setLong(2, next.toEpochMilli());
                u.setString(3, error);
                u.setLong(4, item.id());
                u.executeUpdate();
            }
        });
    }

    @Override
    public void bury(OutboxItem item, int attempts, String reason, String stage, String lastError) {
        finish(item, "move to dead letters", c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE outbox SET last_error = ? WHERE id = ?")) {
                u.setString(1, lastError);
                u.setLong(2, item.id());
                u.executeUpdate();
            }
            DeadLetters.bury(c, item.id(), attempts, reason, stage, clock.instant());
        });
    }

    /** Gives the lane back without touching the stored item (delivery abandoned, or its result not stored). */
    @Override
    public void release(OutboxItem item) {
        claims.release(item.lane(), item.id());
    }

    private interface Step {
        void run(Connection c) throws SQLException;
    }

    // Frees the lane in the same transaction, so that a latest-wins item waiting behind the finished
    // one is judged against the newest enqueue, never against a stale in-flight mark.
    private void finish(OutboxItem item, String what, Step step) {
        List<Supersession> superseded = new ArrayList<>();
        try {
            db.transaction(what, c -> {
                step.run(c);
                claims.release(item.lane(), item.id());
                if (item.latestWins() && joinedWhileClaimed.remove(item.lane())) {
                    superseded.addAll(supersedeOlder(c, item.lane()));
                }
                return null;
            });
        } finally {
            release(item);
        }
        report(superseded);
    }

    /** Keeps the lane's head where it is, not claimed before {@code until}: only this process knows. */
    @Override
    public void postpone(OutboxItem item, Instant until) {
        parked.put(item.lane(), until);
        release(item);
    }

    SupersededListener supersededListener() {
        return supersededListener;
    }

    LaneClaims claims() {
        return claims;
    }

    /** The earliest time after {@code now} at which a lane head becomes due. */
    @Override
    public Optional<Instant> nextDueAfter(Instant now) {
        return db.read("find next due time", c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT MIN(next_attempt_at) FROM (" + HEADS + ") WHERE next_attempt_at > ?")) {
                q.setLong(1, now.toEpochMilli());
                try (ResultSet rs = q.executeQuery()) {
                    long min = rs.next() ? rs.getLong(1) : 0;
                    return rs.wasNull() || min == 0 ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(min));
                }
            }
        });
    }

    /** Waiting items, oldest first. */
    public List<OutboxItem> pending(int limit) {
        return db.read("list pending items", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT * FROM outbox ORDER BY id LIMIT ?")) {
                q.setInt(1, limit);
                return readAll(q);
            }
        });
    }

    public Optional<OutboxItem> find(long id) {
        return db.read("read item", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT * FROM outbox WHERE id = ?")) {
                q.setLong(1, id);
                return readAll(q).stream().findFirst();
            }
        });
    }

    /** Deletes every waiting item; an item being delivered right now may still reach ilert. */
    public int purgePending() {
        return db.transaction("purge pending items", c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM outbox")) {
                return d.executeUpdate();
            }
        });
    }

    static long insert(Connection c, WorkItem item, Instant now) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("""
                INSERT INTO outbox (kind, lane, latest_wins, payload, source_ref, attempts, next_attempt_at, created_at,
                                    order_time)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?) RETURNING id""")) {
            ins.setString(1, item.kind().name());
            ins.setString(2, item.lane());
            ins.setInt(3, item.latestWins() ? 1 : 0);
            ins.setString(4, item.payload());
            ins.setString(5, item.sourceRef());
            ins.setLong(6, now.toEpochMilli());
            ins.setLong(7, now.toEpochMilli());
            if (item.orderTime().isPresent()) {
                ins.setLong(8, item.orderTime().get().toEpochMilli());
            } else {
                ins.setNull(8, java.sql.Types.INTEGER);
            }
            try (ResultSet rs = ins.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** In a transaction: an item of {@code lane} was stored; see {@link #joinedWhileClaimed}. */
    private void joined(String lane) {
        if (claims.isClaimed(lane)) {
            joinedWhileClaimed.add(lane);
        }
    }

    private boolean isParked(String lane) {
        Instant until = parked.get(lane);
        if (until != null && !until.isAfter(clock.instant())) {
            parked.remove(lane, until);
            return false;
        }
        return until != null;
    }

    private record Supersession(OutboxItem item, long newerId) {}

    /**
     * Removes all but the newest item of {@code lane}, except the one being delivered; returns them. Newest is
     * the latest order time (the source's own time, when the items carry one), then the latest arrival.
     */
    private List<Supersession> supersedeOlder(Connection c, String lane) throws SQLException {
        long keep = claims.holder(lane);
        // One query for the lane (it runs at every enqueue, claim and finish of a latest-wins item, and the
        // lane nearly always holds just one item): the newest first, then the rest to drop, oldest first.
        List<OutboxItem> rows;
        try (PreparedStatement q = c.prepareStatement(
                "SELECT * FROM outbox WHERE lane = ? ORDER BY COALESCE(order_time, 0) DESC, id DESC")) {
            q.setString(1, lane);
            rows = readAll(q);
        }
        if (rows.size() < 2) {
            return List.of();
        }
        long newest = rows.getFirst().id();
        List<OutboxItem> older = rows.stream().skip(1).filter(item -> item.id() != keep)
                .sorted(java.util.Comparator.comparingLong(OutboxItem::id)).toList();
        try (PreparedStatement d = c.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
            for (OutboxItem item : older) {
                d.setLong(1, item.id());
                d.executeUpdate();
            }
        }
        return older.stream().map(item -> new Supersession(item, newest)).toList();
    }

    /**
     * @param held    ids of the items holding a lane (a JSON array): their lanes are left out
     * @param crowded gets the lanes of the heads that hold more than one item
     */
    private List<OutboxItem> dueHeads(Connection c, Set<ItemKind> kinds, int limit, String held, Set<String> crowded)
            throws SQLException {
        String in = kinds.stream().map(k -> "'" + k.name() + "'").collect(Collectors.joining(","));
        try (PreparedStatement q = c.prepareStatement(HEADS + "WHERE o.next_attempt_at <= ? AND o.kind IN (" + in
                + ") AND o.id NOT IN (SELECT value FROM json_each(?)) ORDER BY o.next_attempt_at, o.id LIMIT ?")) {
            q.setLong(1, clock.instant().toEpochMilli());
            q.setString(2, held);
            q.setInt(3, limit);
            return readHeads(q, crowded);
        }
    }

    /**
     * {@code heads} and, after them, the other due heads of their groups and of the groups under way (the
     * levels of a policy being read), which the first query may have left out: a shift change interleaves
     * policies, so they can be far apart in arrival order.
     */
    private List<OutboxItem> withGroups(Connection c, List<OutboxItem> heads, Set<String> underWay, Set<ItemKind> kinds,
                                        String held, Set<String> crowded) throws SQLException {
        if (!kinds.contains(ItemKind.POLICY_UPDATE)) {
            return heads;
        }
        Set<String> groups = Stream.concat(underWay.stream(), heads.stream().flatMap(h -> LaneGroup.of(h).stream()))
                .distinct().limit(LaneGroup.MAX_PER_QUERY).collect(Collectors.toCollection(LinkedHashSet::new));
        if (groups.isEmpty()) {
            return heads;
        }
        List<OutboxItem> siblings = LaneGroup.dueHeads(c, groups, clock.instant(), held, crowded);
        Set<String> lanes = heads.stream().map(OutboxItem::lane).collect(Collectors.toSet());
        List<OutboxItem> all = new ArrayList<>(heads);
        siblings.stream().filter(s -> !lanes.contains(s.lane()))
                .filter(s -> LaneGroup.of(s).filter(groups::contains).isPresent())
                .sorted(Comparator.comparingLong(OutboxItem::id)).forEach(all::add);
        return all;
    }

    private Optional<OutboxItem> newestDue(Connection c, String lane, Set<ItemKind> kinds) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT * FROM outbox WHERE lane = ? ORDER BY id LIMIT 1")) {
            q.setString(1, lane);
            return readAll(q).stream()
                    .filter(i -> kinds.contains(i.kind()) && !i.nextAttemptAt().isAfter(clock.instant()))
                    .findFirst();
        }
    }

    private void report(List<Supersession> superseded) {
        for (Supersession s : superseded) {
            OutboxItem old = s.item();
            log.info("Item {} ({}, lane {}) superseded by item {}; it will not be delivered",
                    old.id(), old.kind(), old.lane(), s.newerId());
            try {
                supersededListener.superseded(old, s.newerId());
            } catch (RuntimeException e) {
                log.warn("Item {}: superseded listener failed: {}", old.id(), e.toString());
            }
        }
    }

    private static Optional<Instant> orderTime(ResultSet rs) throws SQLException {
        long millis = rs.getLong("order_time");
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    static List<OutboxItem> readAll(PreparedStatement q) throws SQLException {
        return readHeads(q, null);
    }

    /** Reads items; with {@code crowded}, from a query that also gives lane_items, adds the lanes holding more than one. */
    static List<OutboxItem> readHeads(PreparedStatement q, Set<String> crowded) throws SQLException {
        List<OutboxItem> items = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                OutboxItem item = new OutboxItem(rs.getLong("id"), ItemKind.valueOf(rs.getString("kind")),
                        rs.getString("lane"), rs.getInt("latest_wins") == 1, rs.getString("payload"),
                        rs.getString("source_ref"), rs.getInt("attempts"),
                        Instant.ofEpochMilli(rs.getLong("next_attempt_at")),
                        Optional.ofNullable(rs.getString("last_error")),
                        Instant.ofEpochMilli(rs.getLong("created_at")), orderTime(rs));
                if (crowded != null && rs.getInt("lane_items") > 1) {
                    crowded.add(item.lane());
                }
                items.add(item);
            }
        }
        return items;
    }
}
