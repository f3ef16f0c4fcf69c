package io.ilagent.delivery;

import java.sql.PreparedStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes one item by id, for {@code ilagent queue purge ID}: a dead letter, or an item still waiting. */
public final class ItemPurge {

    private static final Logger log = LoggerFactory.getLogger(ItemPurge.class);

    /** What the id was. */
    public enum Deleted { DEAD_LETTER, WAITING_ITEM, NOTHING }

    private final Database db;

    public ItemPurge(Database db) {
        this.db = db;
    }

    /**
     * Deletes item {@code id}. Ids are unique across both tables (a dead letter keeps its outbox id).
     * A waiting item that a daemon is delivering right now may still reach ilert; the daemon's result
     * for it then changes nothing.
     */
    public Deleted purge(long id) {
        Deleted deleted = db.transaction("purge item " + id, c -> {
            for (String table : new String[] {"dead_letters", "outbox"}) {
                try (PreparedStatement d = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
                    d.setLong(1, id);
                    if (d.executeUpdate() == 1) {
                        return table.equals("outbox") ? Deleted.WAITING_ITEM : Deleted.DEAD_LETTER;
                    }
                }
            }
            return Deleted.NOTHING;
        });
        if (deleted != Deleted.NOTHING) {
            log.info("Item {} purged ({})", id, deleted);
        }
        return deleted;
    }
}
