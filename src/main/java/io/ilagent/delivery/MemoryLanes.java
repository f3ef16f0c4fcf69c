package io.ilagent.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory store: items whose source keeps the message until it is settled (MQTT without
 * {@code --mqtt_buffer}, Kafka), so nothing needs to be written to disk for them unless an attempt fails.
 * For MQTT a failed or held attempt moves the item, and the items of its lane waiting behind it, to the
 * outbox and settles them: the source acknowledges, its window never fills up behind one failing key, and
 * the lane keeps its order, because a new item of a lane that has items in the outbox goes there too. An
 * item whose settlement says the outbox does not settle it (Kafka commits only after success) stays here
 * with its attempts and next-attempt time instead, and is dropped once its source no longer wants it.
 */
public final class MemoryLanes implements ItemStore {
    private static final Logger log = LoggerFactory.getLogger(MemoryLanes.class);

    private record Entry(OutboxItem item, Settlement settlement) {}

    private final Outbox outbox;
    private final LaneClaims claims;
    private final Clock clock;
    private final SupersededListener supersededListener;
    private final AtomicLong ids = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ArrayDeque<Entry>> lanes = new LinkedHashMap<>(); // guarded by lock
    private final List<Runnable> submitListeners = new CopyOnWriteArrayList<>();

    MemoryLanes(Outbox outbox, Clock clock, SupersededListener supersededListener) {
        this.outbox = outbox;
        this.claims = outbox.claims();
        this.clock = clock;
        this.supersededListener = supersededListener;
    }

    void onSubmit(Runnable listener) {
        submitListeners.add(listener);
    }

    /**
     * Takes an item for delivery; {@code settlement} hears when the source may let go of it. When items of
     * its lane already wait in the outbox, it is stored behind them and settled at once.
     *
     * @throws StoreException when it had to go to the outbox and could not be stored (nothing was taken)
     */
    public void submit(WorkItem work, Instant receivedAt, Settlement settlement) {
        List<Entry> superseded = new ArrayList<>();
        boolean stored = false;
        Entry staleOne = null;
        long newerId = 0;
        long id = -ids.incrementAndGet();
        lock.lock();
        try {
            ArrayDeque<Entry> lane = lanes.get(work.lane());
            if (lane == null && settlement.outboxSettles() && outbox.hasLane(work.lane())) {
                outbox.enqueue(work);
                stored = true;
            } else {
                Entry entry = new Entry(new OutboxItem(id, work.kind(), work.lane(), work.latestWins(), work.payload(),
                        work.sourceRef(), 0, clock.instant(), Optional.empty(), receivedAt, work.orderTime()), settlement);
                if (lane == null) {
                    lane = new ArrayDeque<>();
                    lanes.put(work.lane(), lane);
                }
                Optional<Entry> newer = work.latestWins() ? newerWaiting(lane, work) : Optional.empty();
                if (newer.isPresent()) {
                    staleOne = entry; // an older source time arriving late: the waiting newer one stays
                    newerId = newer.get().item().id();
                } else {
                    if (work.latestWins() && !lane.isEmpty()) {
                        superseded.addAll(removeWaiting(lane));
                    }
                    lane.addLast(entry);
                }
            }
        } finally {
            lock.unlock();
        }
        if (stored) {
            settlement.settled();
            return;
        }
        if (staleOne != null) {
            supersede(staleOne, newerId);
            return;
        }
        for (Entry old : superseded) {
            supersede(old, id);
        }
        submitListeners.forEach(Runnable::run);
    }

    @Override
    public List<OutboxItem> claimDue(Set<ItemKind> kinds, int max) {
        List<OutboxItem> claimed = new ArrayList<>();
        if (max <= 0) {
            return claimed;
        }
        Instant now = clock.instant();
        lock.lock();
        try {
            // Without policy updates no lane has a group: the first due heads will do, no need to look at all.
            boolean grouped = kinds.contains(ItemKind.POLICY_UPDATE);
            List<OutboxItem> due = new ArrayList<>();
            for (ArrayDeque<Entry> lane : lanes.values()) {
                OutboxItem head = lane.getFirst().item();
                if (kinds.contains(head.kind()) && !head.nextAttemptAt().isAfter(now) && !claims.isClaimed(head.lane())) {
                    due.add(head);
                    if (!grouped && due.size() >= max) {
                        break;
                    }
                }
            }
            for (OutboxItem head : grouped ? LaneGroup.arrange(due, LaneGroup.underWay(claims.lanes())) : due) {
                if (claimed.size() >= max) {
                    break;
                }
                if (claims.claim(head.lane(), head.id())) {
                    claimed.add(head);
                }
            }
        } finally {
            lock.unlock();
        }
        return claimed;
    }

    @Override
    public Optional<Instant> nextDueAfter(Instant now) {
        lock.lock();
        try {
            return lanes.values().stream().map(lane -> lane.getFirst().item().nextAttemptAt())
                    .filter(t -> t.isAfter(now)).min(Instant::compareTo);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void delivered(OutboxItem item, String note) {
        finish(item).settlement().settled();
    }

    /**
     * Moves the item to the outbox with its retry state, and the items queued behind it in its lane with
     * it (of a latest-wins lane only the newest, the older being superseded), then settles them all. An
     * item the outbox does not settle stays here instead, to be tried again at {@code next}; items of other
     * such sources in its lane stay here too.
     */
    @Override
    public void retryAt(OutboxItem item, int attempts, Instant next, String error) {
        OutboxItem failed = new OutboxItem(item.id(), item.kind(), item.lane(), item.latestWins(), item.payload(),
                item.sourceRef(), attempts, next, Optional.ofNullable(error), item.createdAt(), item.orderTime());
        List<Entry> moved;
        List<Entry> superseded;
        lock.lock();
        try {
            ArrayDeque<Entry> lane = lanes.get(item.lane());
            if (!lane.getFirst().settlement().outboxSettles()) {
                keep(lane, failed);
                return;
            }
            List<Entry> entries = new ArrayList<>(lane.stream().filter(e -> e.settlement().outboxSettles()).toList());
            List<Entry> staying = lane.stream().filter(e -> !e.settlement().outboxSettles()).toList();
            entries.set(0, new Entry(failed, entries.getFirst().settlement()));
            boolean newerWaits = item.latestWins() && entries.size() > 1;
            moved = newerWaits ? List.of(entries.getLast()) : entries;
            superseded = newerWaits ? entries.subList(0, entries.size() - 1) : List.of();
            outbox.spill(moved.stream().map(Entry::item).toList()); // throws: all stays here, unsettled
            if (staying.isEmpty()) {
                lanes.remove(item.lane());
            } else {
                lanes.put(item.lane(), new ArrayDeque<>(staying));
            }
            claims.release(item.lane(), item.id());
        } finally {
            lock.unlock();
        }
        log.info("Item {} ({}, lane {}) attempt failed; stored in the outbox with {} item(s) of its lane, retried from there",
                item.id(), item.kind(), item.lane(), moved.size());
        long newest = moved.getLast().item().id();
        superseded.forEach(old -> supersede(old, newest));
        moved.forEach(entry -> entry.settlement().settled());
    }

    /** Keeps a failed head here with its new retry state, or drops it when its source let go of it; caller holds the lock. */
    private void keep(ArrayDeque<Entry> lane, OutboxItem failed) {
        Entry head = lane.removeFirst();
        claims.release(failed.lane(), failed.id());
        if (head.settlement().wanted()) {
            lane.addFirst(new Entry(failed, head.settlement()));
            return;
        }
        if (lane.isEmpty()) {
            lanes.remove(failed.lane());
        }
        head.settlement().dropped();
    }

    @Override
    public void bury(OutboxItem item, int attempts, String reason, String stage, String lastError) {
        outbox.buryDirect(item, attempts, reason, stage, lastError);
        finish(item).settlement().deadLettered(reason);
    }

    @Override
    public void release(OutboxItem item) {
        claims.release(item.lane(), item.id());
    }

    @Override
    public void postpone(OutboxItem item, Instant until) {
        lock.lock();
        try {
            ArrayDeque<Entry> lane = lanes.get(item.lane());
            Entry head = lane.removeFirst();
            lane.addFirst(new Entry(new OutboxItem(item.id(), item.kind(), item.lane(), item.latestWins(), item.payload(),
                    item.sourceRef(), item.attempts(), until, item.lastError(), item.createdAt(), item.orderTime()),
                    head.settlement()));
            claims.release(item.lane(), item.id());
        } finally {
            lock.unlock();
        }
    }

    /** Lets go of every item not being delivered right now, unsettled: their source is stopping. */
    public void dropWaiting() {
        dropWaiting(entry -> true);
    }

    /**
     * Lets go, unsettled, of the items not being delivered right now whose source no longer wants them
     * (a revoked Kafka partition, a stopping Kafka source); one being delivered finishes, and if its attempt
     * fails it is dropped then.
     */
    public void dropUnwanted() {
        dropWaiting(entry -> !entry.settlement().wanted());
    }

    private void dropWaiting(Predicate<Entry> which) {
        List<Entry> dropped = new ArrayList<>();
        lock.lock();
        try {
            for (Iterator<ArrayDeque<Entry>> it = lanes.values().iterator(); it.hasNext(); ) {
                ArrayDeque<Entry> lane = it.next();
                dropped.addAll(removeWaiting(lane, which));
                if (lane.isEmpty()) {
                    it.remove();
                }
            }
        } finally {
            lock.unlock();
        }
        dropped.forEach(entry -> entry.settlement().dropped());
    }

    /** Items kept here, being delivered or waiting. */
    public int size() {
        lock.lock();
        try {
            return lanes.values().stream().mapToInt(ArrayDeque::size).sum();
        } finally {
            lock.unlock();
        }
    }

    private Entry finish(OutboxItem item) {
        lock.lock();
        try {
            ArrayDeque<Entry> lane = lanes.get(item.lane());
            Entry head = lane.removeFirst();
            if (lane.isEmpty()) {
                lanes.remove(item.lane());
            }
            claims.release(item.lane(), item.id());
            return head;
        } finally {
            lock.unlock();
        }
    }

    /** Removes the entries of {@code lane} that are not being delivered right now; the caller holds the lock. */
    /** A waiting item of the lane whose source time is later than {@code work}'s; the caller holds the lock. */
    private Optional<Entry> newerWaiting(ArrayDeque<Entry> lane, WorkItem work) {
        if (work.orderTime().isEmpty()) {
            return Optional.empty();
        }
        long delivering = claims.holder(work.lane());
        return lane.stream().filter(e -> e.item().id() != delivering)
                .filter(e -> e.item().orderTime().filter(t -> t.isAfter(work.orderTime().get())).isPresent())
                .findFirst();
    }

    private List<Entry> removeWaiting(ArrayDeque<Entry> lane) {
        return removeWaiting(lane, entry -> true);
    }

    private List<Entry> removeWaiting(ArrayDeque<Entry> lane, Predicate<Entry> which) {
        List<Entry> removed = new ArrayList<>();
        long delivering = claims.holder(lane.getFirst().item().lane());
        lane.removeIf(entry -> entry.item().id() != delivering && which.test(entry) && removed.add(entry));
        return removed;
    }

    private void supersede(Entry old, long newerId) {
        log.info("Item {} ({}, lane {}) superseded by item {}; it will not be delivered",
                old.item().id(), old.item().kind(), old.item().lane(), newerId);
        try {
            supersededListener.superseded(old.item(), newerId);
        } catch (RuntimeException e) {
            log.warn("Item {}: superseded listener failed: {}", old.item().id(), e.toString());
        }
        old.settlement().settled();
    }
}
