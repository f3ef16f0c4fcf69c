package io.ilagent.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lanes whose items are best delivered together: the levels of one escalation policy (lanes
 * {@code policy:<routingKey>#<level>}, see {@link PolicyUpdatePayload#laneOf}) share one read of the policy
 * when they are under way at the same time. So when a store claims an update of a policy, it claims the other
 * due updates of that policy with it, or first when it has no room left, rather than in arrival order, where a
 * shift change interleaves policies and the levels of one would be delivered apart. Only the order of claiming
 * changes: each lane is still delivered one item at a time, latest wins, and no more lanes are claimed than
 * there is room for.
 */
final class LaneGroup {
    private static final String POLICY = "policy:";
    /** Groups looked up in one query at most (two parameters each; SQLite allows some thousands). */
    static final int MAX_PER_QUERY = 200;

    private LaneGroup() {}

    /** The group of a lane: for a policy update's lane the lane without its level, {@code policy:<routingKey>#}. */
    static Optional<String> of(ItemKind kind, String lane) {
        if (kind != ItemKind.POLICY_UPDATE || !lane.startsWith(POLICY)) {
            return Optional.empty();
        }
        int hash = lane.lastIndexOf('#');
        if (hash < POLICY.length() || hash == lane.length() - 1) {
            return Optional.empty();
        }
        for (int i = hash + 1; i < lane.length(); i++) {
            if (!Character.isDigit(lane.charAt(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(lane.substring(0, hash + 1));
    }

    static Optional<String> of(OutboxItem item) {
        return of(item.kind(), item.lane());
    }

    /** The groups of lanes being delivered (a lane named like a policy update's is one: no other kind uses that prefix). */
    static Set<String> underWay(Collection<String> claimedLanes) {
        Set<String> groups = new HashSet<>();
        for (String lane : claimedLanes) {
            of(ItemKind.POLICY_UPDATE, lane).ifPresent(groups::add);
        }
        return groups;
    }

    /**
     * The first lane name after every lane of {@code group} ({@code group} ends with '#', so this is the group
     * with '$' in its place): lanes {@code >= group} and {@code < end(group)} are the group's, and a few
     * others that {@link #of} sorts out.
     */
    static String end(String group) {
        return group.substring(0, group.length() - 1) + (char) ('#' + 1);
    }

    /**
     * The due heads of the lanes of {@code groups} in the outbox, in no particular order.
     *
     * @param held    ids of the items holding a lane (a JSON array): their lanes are left out
     * @param crowded gets the lanes of those heads that hold more than one item
     */
    static List<OutboxItem> dueHeads(Connection c, Set<String> groups, Instant now, String held, Set<String> crowded)
            throws SQLException {
        String ranges = String.join(" OR ", Collections.nCopies(groups.size(), "(lane >= ? AND lane < ?)"));
        try (PreparedStatement q = c.prepareStatement("SELECT o.*, h.lane_items FROM outbox o JOIN (SELECT lane, MIN(id) AS id,"
                + " COUNT(*) AS lane_items FROM outbox WHERE " + ranges + " GROUP BY lane) h ON o.id = h.id"
                + " WHERE o.next_attempt_at <= ? AND o.kind = ? AND o.id NOT IN (SELECT value FROM json_each(?))")) {
            int i = 1;
            for (String group : groups) {
                q.setString(i++, group);
                q.setString(i++, end(group));
            }
            q.setLong(i++, now.toEpochMilli());
            q.setString(i++, ItemKind.POLICY_UPDATE.name());
            q.setString(i, held);
            return Outbox.readHeads(q, crowded);
        }
    }

    /**
     * Claim order: first the heads of groups that have a lane under way already (their policy read is being
     * made or was just made), then the heads in the given order, each followed by the other heads of its group.
     *
     * @param heads       due heads of unclaimed lanes, in the store's order; may hold a lane only once
     * @param underWay    the groups with a lane being delivered right now
     */
    static List<OutboxItem> arrange(List<OutboxItem> heads, Set<String> underWay) {
        List<OutboxItem> first = new ArrayList<>();
        Map<Object, List<OutboxItem>> places = new LinkedHashMap<>(); // a group, or a lane of no group
        for (OutboxItem head : heads) {
            Optional<String> group = of(head);
            if (group.isPresent() && underWay.contains(group.get())) {
                first.add(head);
            } else {
                places.computeIfAbsent(group.isPresent() ? group.get() : head, k -> new ArrayList<>()).add(head);
            }
        }
        List<OutboxItem> result = new ArrayList<>(first);
        places.values().forEach(result::addAll);
        return result;
    }
}
