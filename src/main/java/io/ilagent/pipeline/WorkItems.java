package io.ilagent.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.delivery.EventPayload;
import io.ilagent.delivery.HeartbeatPayload;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.PolicyUpdatePayload;
import io.ilagent.delivery.WorkItem;
import io.ilagent.source.Message;
import java.time.Instant;
import java.util.Optional;

/**
 * The one codec from a mapped command to the delivery engine's unit of work: its kind, its lane (latest-wins
 * for policy levels and heartbeats) and its payload as JSON, whichever store will hold it.
 */
public final class WorkItems {
    private final ObjectMapper json;

    public WorkItems(ObjectMapper json) {
        this.json = json;
    }

    /** The work a command asks for; empty for a skip or a rejection, which are no work. */
    public Optional<WorkItem> of(Command command, Message message) {
        String ref = MessageDeadLetters.sourceRef(message);
        return switch (command) {
            case Command.SendEvent send -> {
                EventPayload payload = EventPayload.of(send.event().channel(), send.event().event());
                yield Optional.of(WorkItem.ordered(ItemKind.EVENT, payload.lane(), write(payload), ref));
            }
            case Command.UpdatePolicy policy -> {
                PolicyUpdate u = policy.update();
                PolicyUpdatePayload payload = new PolicyUpdatePayload(u.routingKey(), u.email(), u.level(),
                        message.id(), message.receivedAt().toString(), u.sourceTime().map(Instant::toString).orElse(null));
                yield Optional.of(WorkItem.latestWins(ItemKind.POLICY_UPDATE, payload.lane(), write(payload), ref)
                        .orderedBy(u.sourceTime()));
            }
            case Command.PingHeartbeat ping -> {
                HeartbeatPayload payload = new HeartbeatPayload(ping.ping().integrationKey());
                yield Optional.of(WorkItem.latestWins(ItemKind.HEARTBEAT, payload.lane(), write(payload), ref));
            }
            case Command.Skip skip -> Optional.empty();
            case Command.Reject reject -> Optional.empty();
        };
    }

    String write(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + payload.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
