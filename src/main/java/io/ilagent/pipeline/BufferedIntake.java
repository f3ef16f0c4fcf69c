package io.ilagent.pipeline;

import io.ilagent.delivery.EventPayload;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.PolicyUpdatePayload;
import io.ilagent.delivery.StoreException;
import io.ilagent.delivery.WorkItem;
import io.ilagent.source.Intake;
import io.ilagent.source.Message;
import io.ilagent.source.MessageIntake;

/**
 * {@code --mqtt_buffer}: maps a message now and commits the result to the outbox before the source
 * acknowledges it; the delivery engine takes it from there with its retries and dead letters. Unlike
 * ilagent 0.9.0 the raw message is not stored for later mapping: a message that cannot be mapped
 * becomes a dead letter at once, where a person can see it.
 */
public final class BufferedIntake implements MessageIntake {
    private final MessageClassifier classifier;
    private final Outbox outbox;
    private final MessageDeadLetters deadLetters;

    public BufferedIntake(MessageClassifier classifier, Outbox outbox, MessageDeadLetters deadLetters) {
        this.classifier = classifier;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
    }

    @Override
    public Intake accept(Message message) {
        try {
            return store(message, classifier.classify(message));
        } catch (StoreException e) {
            return Intake.retryLater("could not store the message: " + e.getMessage());
        }
    }

    private Intake store(Message message, Command command) {
        String ref = MessageDeadLetters.sourceRef(message);
        return switch (command) {
            case Command.SendEvent send -> {
                EventPayload payload = EventPayload.of(send.event().channel(), send.event().event());
                yield stored(WorkItem.ordered(ItemKind.EVENT, payload.lane(), deadLetters.write(payload), ref));
            }
            case Command.UpdatePolicy policy -> {
                PolicyUpdate u = policy.update();
                PolicyUpdatePayload payload = new PolicyUpdatePayload(u.routingKey(), u.email(), u.level(),
                        message.id(), message.receivedAt().toString());
                yield stored(WorkItem.latestWins(ItemKind.POLICY_UPDATE, payload.lane(), deadLetters.write(payload), ref));
            }
            case Command.PingHeartbeat ping -> stored(WorkItem.latestWins(ItemKind.HEARTBEAT,
                    heartbeatLane(ping.ping()), deadLetters.write(ping.ping()), ref));
            case Command.Skip skip -> Intake.done("skipped: " + skip.reason());
            case Command.Reject reject -> Intake.done("dead letter "
                    + deadLetters.raw(message, reject.reason(), reject.stage()));
        };
    }

    private Intake stored(WorkItem item) {
        return Intake.done("stored as item " + outbox.enqueue(item));
    }

    /** One pending ping per heartbeat is enough: a newer one makes older waiting ones pointless. */
    public static String heartbeatLane(Ping ping) {
        return "heartbeat:" + ping.integrationKey();
    }

    @Override
    public void setAside(Message message, String reason, String stage) {
        deadLetters.raw(message, reason, stage);
    }
}
