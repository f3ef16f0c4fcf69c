package io.ilagent.pipeline;

import io.ilagent.delivery.EventPayload;
import io.ilagent.delivery.HeartbeatPayload;
import io.ilagent.delivery.PolicyUpdatePayload;
import io.ilagent.delivery.Work;
import io.ilagent.delivery.WorkCodec;
import io.ilagent.delivery.WorkItem;
import io.ilagent.source.Message;
import java.time.Instant;
import java.util.Optional;

/**
 * From a mapped command to the delivery engine's unit of {@link Work}, as an item either store can hold
 * (written by the one {@link WorkCodec}).
 */
public final class WorkItems {
    private final WorkCodec codec;

    public WorkItems(WorkCodec codec) {
        this.codec = codec;
    }

    /** The work a command asks for; empty for a skip or a rejection, which are no work. */
    public Optional<WorkItem> of(Command command, Message message) {
        String ref = MessageDeadLetters.sourceRef(message);
        return switch (command) {
            case Command.SendEvent send ->
                    Optional.of(codec.item(EventPayload.of(send.event().channel(), send.event().event()), ref));
            case Command.UpdatePolicy policy -> {
                PolicyUpdate u = policy.update();
                PolicyUpdatePayload payload = new PolicyUpdatePayload(u.routingKey(), u.email(), u.level(),
                        message.id(), message.receivedAt().toString(), u.sourceTime().map(Instant::toString).orElse(null));
                yield Optional.of(codec.item(payload, ref).orderedBy(u.sourceTime()));
            }
            case Command.PingHeartbeat ping ->
                    Optional.of(codec.item(new HeartbeatPayload(ping.ping().integrationKey()), ref));
            case Command.Skip skip -> Optional.empty();
            case Command.Reject reject -> Optional.empty();
        };
    }
}
