package io.ilagent.pipeline;

import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.RawMessage;
import io.ilagent.delivery.WorkCodec;
import io.ilagent.source.Message;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes consumer messages that will never be delivered to the dead letters, with where they came from. */
public final class MessageDeadLetters {
    // A dead letter is for a person to look at; a multi-megabyte payload would only bloat the database.
    static final int KEPT_PAYLOAD_BYTES = 64 * 1024;

    private final DeadLetters deadLetters;
    private final WorkCodec codec;

    public MessageDeadLetters(DeadLetters deadLetters, WorkCodec codec) {
        this.deadLetters = deadLetters;
        this.codec = codec;
    }

    /** The raw message, as a {@link ItemKind#RAW_MESSAGE} item, so a requeue maps it again as from its source. */
    public long raw(Message message, String reason, String stage) {
        byte[] payload = message.payload();
        byte[] kept = payload.length > KEPT_PAYLOAD_BYTES ? Arrays.copyOf(payload, KEPT_PAYLOAD_BYTES) : payload;
        // Invalid UTF-8 is kept with replacement characters: the reason already says what was wrong.
        String text = new String(kept, StandardCharsets.UTF_8);
        RawMessage raw = message.source() == Message.Source.KAFKA
                ? new RawMessage(message.topic(), text, RawMessage.KAFKA, message.key().orElse(null))
                : new RawMessage(message.topic(), text);
        return deadLetters.reject(codec.item(raw, sourceRef(message)), reason, stage);
    }

    public static String sourceRef(Message message) {
        return message.source().name().toLowerCase() + " topic " + message.topic() + " (" + message.id() + ")";
    }

    WorkCodec codec() {
        return codec;
    }
}
