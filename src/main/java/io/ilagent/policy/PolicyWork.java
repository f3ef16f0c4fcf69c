package io.ilagent.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.WorkItem;
import io.ilagent.pipeline.PolicyUpdate;
import io.ilagent.source.Message;
import java.time.Instant;

/**
 * A policy update as it waits in the outbox: what to assign, plus which message asked for it and
 * when, so the history can name the message and an older message never overwrites a newer one.
 */
public record PolicyWork(String routingKey, String email, int level, String messageId, long receivedAtMillis) {

    public static PolicyWork of(PolicyUpdate update, Message message) {
        return new PolicyWork(update.routingKey(), update.email(), update.level(), message.id(), message.receivedAt().toEpochMilli());
    }

    public Instant receivedAt() {
        return Instant.ofEpochMilli(receivedAtMillis);
    }

    /** Updates of one level of one policy share a latest-wins lane; other levels never wait for it. */
    public String lane() {
        return "policy:" + routingKey + "#" + level;
    }

    public WorkItem toWorkItem(ObjectMapper json, String sourceRef) {
        try {
            return WorkItem.latestWins(ItemKind.POLICY_UPDATE, lane(), json.writeValueAsString(this), sourceRef);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a policy update", e);
        }
    }

    public static PolicyWork read(ObjectMapper json, String payload) throws JsonProcessingException {
        return json.readValue(payload, PolicyWork.class);
    }
}
