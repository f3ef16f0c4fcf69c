package io.ilagent.delivery;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which lanes are being delivered right now, and by which item. Shared by both stores, so that a lane is
 * delivered one item at a time whether its items wait in memory or in the outbox. Known only to this
 * process: a restart starts with no claims.
 */
final class LaneClaims {
    private final Map<String, Long> holders = new ConcurrentHashMap<>(); // lane -> item id

    /** @return false when the lane is already claimed */
    boolean claim(String lane, long itemId) {
        return holders.putIfAbsent(lane, itemId) == null;
    }

    void release(String lane, long itemId) {
        holders.remove(lane, itemId);
    }

    boolean isClaimed(String lane) {
        return holders.containsKey(lane);
    }

    /** No item holds the lane. Not -1: items kept in memory have negative ids, the first of them -1. */
    static final long NONE = Long.MIN_VALUE;

    /** The id of the item delivering {@code lane}, or {@link #NONE}. */
    long holder(String lane) {
        return holders.getOrDefault(lane, NONE);
    }

    /** The lanes claimed right now (a snapshot). */
    Set<String> lanes() {
        return Set.copyOf(holders.keySet());
    }

    /** The ids of the stored items that hold a lane (items kept in memory, with negative ids, left out). */
    List<Long> storedHolders() {
        return holders.values().stream().filter(id -> id >= 0).toList();
    }

    int count() {
        return holders.size();
    }
}
