package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both stores claim the due updates of one policy together (or, without room, next), not in arrival order, where a
 * shift change interleaves policies: the levels of a policy are then under way at the same time and share one
 * read of it. Claims here are made by hand, without an engine, so the order is exactly what the store gives.
 */
class PolicyLevelsClaimedTogetherTest {
    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");
    private static final Set<ItemKind> ALL = Set.of(ItemKind.EVENT, ItemKind.POLICY_UPDATE);

    enum Store { OUTBOX, MEMORY }

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private Database db;
    private Outbox outbox;
    private MemoryLanes memory;

    private ItemStore store(Store which) {
        db = Database.open(dir.resolve("a.db3"), clock);
        outbox = new Outbox(db, clock, (item, newer) -> {});
        memory = new MemoryLanes(outbox, clock, (item, newer) -> {});
        return which == Store.OUTBOX ? outbox : memory;
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private void add(Store which, WorkItem work) {
        if (which == Store.OUTBOX) {
            outbox.enqueue(work);
        } else {
            memory.submit(work, clock.instant(), Settlement.of(() -> {}));
        }
    }

    private static WorkItem level(String routingKey, int level) {
        return WorkItem.latestWins(ItemKind.POLICY_UPDATE, PolicyUpdatePayload.laneOf(routingKey, level),
                "{\"level\":" + level + "}", "test");
    }

    private static WorkItem event(String alertKey) {
        return WorkItem.ordered(ItemKind.EVENT, "event:k/" + alertKey, "{}", "test");
    }

    /** A shift change: level 0 of every policy, then level 1 of every policy, and so on. */
    private void interleaved(Store which, String... routingKeys) {
        for (int level = 0; level < 3; level++) {
            for (String key : routingKeys) {
                add(which, level(key, level));
            }
        }
    }

    private static List<String> lanes(List<OutboxItem> items) {
        return items.stream().map(OutboxItem::lane).toList();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void theDueLevelsOfAPolicyAreClaimedTogetherNotInArrivalOrder(Store which) {
        ItemStore store = store(which);
        interleaved(which, "a", "b", "c");

        assertThat(lanes(store.claimDue(ALL, 6))).containsExactly(
                "policy:a#0", "policy:a#1", "policy:a#2", "policy:b#0", "policy:b#1", "policy:b#2");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void withoutRoomForAllLevelsTheRestOfAPolicyUnderWayIsClaimedNext(Store which) {
        ItemStore store = store(which);
        interleaved(which, "a", "b");

        List<String> claimed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            claimed.addAll(lanes(store.claimDue(ALL, 1))); // the first claims stay under way
        }

        assertThat(claimed).containsExactly("policy:a#0", "policy:a#1", "policy:a#2", "policy:b#0");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aLevelNotDueYetIsNotClaimedWithItsPolicy(Store which) {
        ItemStore store = store(which);
        interleaved(which, "a", "b");
        List<OutboxItem> first = store.claimDue(ALL, 1);
        store.retryAt(first.getFirst(), 0, T0.plusSeconds(30), "held"); // a#0 waits for the call budget

        assertThat(lanes(store.claimDue(ALL, 6)))
                .containsExactly("policy:b#0", "policy:b#1", "policy:b#2", "policy:a#1", "policy:a#2");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void otherItemsKeepTheirOrderAndEachLaneStaysOneAtATime(Store which) {
        ItemStore store = store(which);
        add(which, event("e1"));
        add(which, level("a", 0));
        add(which, event("e1")); // behind the first in its lane
        add(which, event("e2"));
        add(which, level("a", 1));

        assertThat(lanes(store.claimDue(ALL, 10)))
                .containsExactly("event:k/e1", "policy:a#0", "policy:a#1", "event:k/e2");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aRoutingKeyThatStartsLikeAnotherIsAPolicyOfItsOwn(Store which) {
        ItemStore store = store(which);
        add(which, level("a", 0));
        add(which, level("ab", 0));
        add(which, level("b", 0));
        add(which, level("a#1", 0)); // a routing key with '#' in it: lane policy:a#1#0
        add(which, level("a", 1));

        assertThat(lanes(store.claimDue(ALL, 2))).containsExactly("policy:a#0", "policy:a#1");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aClaimWithRoomForOneTakesTheNextDueLaneWhileEveryEarlierLaneIsUnderWay(Store which) {
        ItemStore store = store(which);
        interleaved(which, "a", "b");
        for (int i = 0; i < 5; i++) {
            add(which, event("e" + i));
        }

        List<String> claimed = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            claimed.addAll(lanes(store.claimDue(ALL, 1))); // all stay under way: each claim must look past them
        }

        assertThat(claimed).containsExactly("policy:a#0", "policy:a#1", "policy:a#2", "policy:b#0", "policy:b#1",
                "policy:b#2", "event:k/e0", "event:k/e1", "event:k/e2", "event:k/e3", "event:k/e4");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aLaneUnderWayFromTheOtherStoreIsNotClaimedAgain(Store which) {
        ItemStore store = store(which);
        ItemStore other = which == Store.OUTBOX ? memory : outbox;
        add(which == Store.OUTBOX ? Store.MEMORY : Store.OUTBOX, event("shared"));
        assertThat(lanes(other.claimDue(ALL, 1))).containsExactly("event:k/shared");
        add(which, event("shared")); // behind the one under way
        add(which, event("next"));

        assertThat(lanes(store.claimDue(ALL, 1))).containsExactly("event:k/next");
        assertThat(store.claimDue(ALL, 1)).isEmpty();
    }
}
