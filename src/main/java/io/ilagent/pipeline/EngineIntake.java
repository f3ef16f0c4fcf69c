package io.ilagent.pipeline;

import io.ilagent.delivery.MemoryLanes;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.Settlement;
import io.ilagent.delivery.StoreException;
import io.ilagent.delivery.StoreHealth;
import io.ilagent.delivery.WorkItem;
import io.ilagent.source.Intake;
import io.ilagent.source.Message;
import io.ilagent.source.MessageIntake;
import java.time.Instant;

/**
 * Maps each message and hands its work to the delivery engine, in one of the engine's two stores:
 * {@link #buffered} commits it to the outbox and settles it at once ({@code --mqtt_buffer}); {@link #inMemory}
 * keeps it in memory and settles it once it is delivered, set aside, superseded, or moved to the outbox
 * after a failed attempt (MQTT without buffer; Kafka's settlements do not allow the outbox, so its
 * items stay in memory until delivered or dead-lettered). A message that cannot be mapped becomes a dead letter at
 * once, where a person can see it; a filtered one is settled and dropped.
 */
public final class EngineIntake implements MessageIntake {

    /** Where the work goes; returns a note for the log. */
    @FunctionalInterface
    private interface Placement {
        String place(WorkItem work, Instant receivedAt, Settlement settlement);
    }

    private final MessageClassifier classifier;
    private final WorkItems workItems;
    private final MessageDeadLetters deadLetters;
    private final Placement placement;
    private final Runnable stopTaking;
    private final StoreHealth store;
    private final boolean writes;

    private EngineIntake(MessageClassifier classifier, MessageDeadLetters deadLetters, Placement placement,
            Runnable stopTaking, StoreHealth store, boolean writes) {
        this.classifier = classifier;
        this.workItems = new WorkItems(deadLetters.codec());
        this.deadLetters = deadLetters;
        this.placement = placement;
        this.stopTaking = stopTaking;
        this.store = store;
        this.writes = writes;
    }

    public static EngineIntake buffered(MessageClassifier classifier, Outbox outbox, MessageDeadLetters deadLetters) {
        return buffered(classifier, outbox, deadLetters, new StoreHealth());
    }

    /** @param store told when a write fails or works again, so that a full disk shows on /ready */
    public static EngineIntake buffered(MessageClassifier classifier, Outbox outbox, MessageDeadLetters deadLetters,
            StoreHealth store) {
        return new EngineIntake(classifier, deadLetters, (work, receivedAt, settlement) -> {
            long id = outbox.enqueue(work);
            settlement.settled();
            return "stored as item " + id;
        }, () -> { }, store, true);
    }

    public static EngineIntake inMemory(MessageClassifier classifier, MemoryLanes memory, MessageDeadLetters deadLetters) {
        return inMemory(classifier, memory, deadLetters, new StoreHealth());
    }

    public static EngineIntake inMemory(MessageClassifier classifier, MemoryLanes memory, MessageDeadLetters deadLetters,
            StoreHealth store) {
        return new EngineIntake(classifier, deadLetters, (work, receivedAt, settlement) -> {
            memory.submit(work, receivedAt, settlement);
            return "taken for delivery";
        }, memory::dropWaiting, store, false);
    }

    @Override
    public Intake accept(Message message, Settlement settlement) {
        try {
            Command command = classifier.classify(message);
            Intake taken = switch (command) {
                case Command.Skip skip -> settled(settlement, "skipped: " + skip.reason());
                case Command.Reject reject -> {
                    String note = "dead letter " + deadLetters.raw(message, reject.reason(), reject.stage());
                    settlement.deadLettered(reject.reason());
                    yield Intake.deadLettered(note, reject.reason());
                }
                default -> Intake.done(placement.place(workItems.of(command, message).orElseThrow(),
                        message.receivedAt(), settlement));
            };
            if (writes) {
                store.succeeded(); // only a write says the database works again
            }
            return taken;
        } catch (StoreException e) {
            store.failed("store a message from " + message.topic(), e);
            return Intake.retryLater("could not store the message: " + e.getMessage());
        }
    }

    private static Intake settled(Settlement settlement, String note) {
        settlement.settled();
        return Intake.done(note);
    }

    @Override
    public void stopTaking() {
        stopTaking.run();
    }

    @Override
    public void setAside(Message message, String reason, String stage) {
        deadLetters.raw(message, reason, stage);
    }
}
