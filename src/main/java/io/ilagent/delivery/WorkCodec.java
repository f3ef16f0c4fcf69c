package io.ilagent.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * The one codec between {@link Work} and the JSON text an item carries: in memory for direct MQTT and Kafka, in
 * the SQLite outbox and dead letters otherwise. Both stores hold the same text, so moving an item from memory to
 * the outbox after a failed attempt is a plain write, and a row written by an older version reads the same way.
 */
public final class WorkCodec {
    /** Stage of a dead letter whose stored text cannot be read back, which no retry will fix. */
    public static final String DECODE = "decode";

    private final ObjectMapper json = new ObjectMapper();

    /** The item a source hands to either store: kind, lane and latest-wins come from the work itself. */
    public WorkItem item(Work work, String sourceRef) {
        return new WorkItem(work.kind(), work.lane(), work.latestWins(), encode(work), sourceRef);
    }

    public String encode(Work work) {
        try {
            return json.writeValueAsString(work);
        } catch (JsonProcessingException e) {
            // Every field of every work type is plain data Jackson writes; this is a programming error.
            throw new IllegalStateException("cannot write " + work.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads a stored item back as the work of its kind. */
    public <W extends Work> W decode(OutboxItem item, Class<W> type) throws UnreadableWork {
        if (item.kind().type() != type) {
            throw new UnreadableWork("item " + item.id() + " is " + item.kind() + ", not " + type.getSimpleName());
        }
        try {
            W work = json.readValue(item.payload(), type);
            if (work == null) {
                throw new UnreadableWork("stored " + describe(item.kind()) + " is empty (JSON null)");
            }
            return work;
        } catch (JsonProcessingException e) {
            throw new UnreadableWork("stored " + describe(item.kind()) + " is not readable: " + e.getOriginalMessage());
        }
    }

    /** The engine's handler for one kind: reads each item back once, then hands it to {@code handler}. */
    public <W extends Work> DeliveryHandler handler(Class<W> type, WorkHandler<W> handler) {
        return item -> {
            W work;
            try {
                work = decode(item, type);
            } catch (UnreadableWork e) {
                return new DeliveryResult.Rejected(e.getMessage(), DECODE);
            }
            return handler.deliver(work, item);
        };
    }

    /** Registers {@code handler} for the kind whose work type is {@code type}. */
    public <W extends Work> void register(Map<ItemKind, DeliveryHandler> handlers, Class<W> type,
            WorkHandler<W> handler) {
        handlers.put(ItemKind.of(type), handler(type, handler));
    }

    private static String describe(ItemKind kind) {
        return switch (kind) {
            case EVENT -> "event";
            case POLICY_UPDATE -> "policy update";
            case HEARTBEAT -> "heartbeat";
            case RAW_MESSAGE -> "consumer message";
        };
    }

    /** Stored text that no retry will make readable. */
    public static final class UnreadableWork extends Exception {
        UnreadableWork(String message) {
            super(message, null, false, false);
        }
    }
}
