package io.ilagent.pipeline;

import io.ilagent.delivery.DeliveryObserver;
import io.ilagent.delivery.DeliveryResult;
import io.ilagent.delivery.EventPayload;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.PolicyUpdatePayload;
import io.ilagent.delivery.Settlement;
import io.ilagent.delivery.StoreException;
import io.ilagent.ilert.IlertClient;
import io.ilagent.source.Intake;
import io.ilagent.source.Message;
import io.ilagent.source.MessageIntake;
import java.time.Duration;
import java.time.Instant;

/**
 * Kafka only, until Kafka records go through the delivery engine too: delivers each record to ilert before
 * the source commits it. A
 * retryable failure comes back as {@link Intake.RetryLater}, so the source keeps the acknowledgement
 * and tries the same message again; a permanent one becomes a dead letter and is acknowledged.
 */
public final class DirectIntake implements MessageIntake {
    private final MessageClassifier classifier;
    private final IlertClient ilert;
    private final PolicyApplier policies;
    private final MessageDeadLetters deadLetters;
    private final DeliveryObserver observer;

    public DirectIntake(MessageClassifier classifier, IlertClient ilert, PolicyApplier policies,
            MessageDeadLetters deadLetters) {
        this(classifier, ilert, policies, deadLetters, DeliveryObserver.NONE);
    }

    /** {@code observer} hears each attempt; a retry's exhaustion is decided by the source, so it shows as RETRY. */
    public DirectIntake(MessageClassifier classifier, IlertClient ilert, PolicyApplier policies,
            MessageDeadLetters deadLetters, DeliveryObserver observer) {
        this.observer = observer;
        this.classifier = classifier;
        this.ilert = ilert;
        this.policies = policies;
        this.deadLetters = deadLetters;
    }

    /** Delivers before it returns: {@code settlement} runs before {@link Intake.Done} is returned. */
    @Override
    public Intake accept(Message message, Settlement settlement) {
        try {
            Intake result = deliver(message, classifier.classify(message));
            if (result instanceof Intake.Done) {
                settlement.settled();
            }
            return result;
        } catch (StoreException e) {
            return Intake.retryLater("could not store a dead letter: " + e.getMessage());
        }
    }

    private Intake deliver(Message message, Command command) {
        return switch (command) {
            case Command.SendEvent send -> {
                EventPayload payload = EventPayload.of(send.event().channel(), send.event().event());
                DeliveryResult result = DeliveryResult.from(ilert.sendEvent(payload.event(), payload.channel()));
                yield outcome(result, message, ItemKind.EVENT, payload.lane(), payload);
            }
            case Command.UpdatePolicy policy -> {
                PolicyUpdate u = policy.update();
                PolicyUpdatePayload payload = new PolicyUpdatePayload(u.routingKey(), u.email(), u.level(),
                        message.id(), message.receivedAt().toString());
                yield outcome(policies.apply(u, message), message, ItemKind.POLICY_UPDATE, payload.lane(), payload);
            }
            case Command.PingHeartbeat ping -> outcome(DeliveryResult.from(ilert.pingHeartbeat(ping.ping().integrationKey())),
                    message, ItemKind.HEARTBEAT, new io.ilagent.delivery.HeartbeatPayload(ping.ping().integrationKey()).lane(), ping.ping());
            case Command.Skip skip -> Intake.done("skipped: " + skip.reason());
            case Command.Reject reject -> Intake.deadLettered("dead letter "
                    + deadLetters.raw(message, reject.reason(), reject.stage()), reject.reason());
        };
    }

    private Intake outcome(DeliveryResult result, Message message, ItemKind kind, String lane, Object payload) {
        if (!(result instanceof DeliveryResult.RetryLater r && r.held())) { // held: nothing was attempted
            observer.attempted(kind, DeliveryObserver.outcomeOf(result, true),
                    Duration.between(message.receivedAt(), Instant.now()));
        }
        return switch (result) {
            case DeliveryResult.Delivered delivered -> Intake.done("delivered: " + delivered.note());
            case DeliveryResult.RetryLater retry -> new Intake.RetryLater(retry.reason(), retry.retryAfter(), retry.held());
            case DeliveryResult.Rejected rejected -> Intake.deadLettered("dead letter " + deadLetters.mapped(kind, lane,
                    payload, message, rejected.reason(), rejected.stage()), rejected.reason());
        };
    }

    @Override
    public void setAside(Message message, String reason, String stage) {
        deadLetters.raw(message, reason, stage);
    }
}
