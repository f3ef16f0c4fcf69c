package io.ilagent.pipeline;

import java.util.Objects;

/** What a consumer message asks for once routed and mapped, or why it asks for nothing. */
public sealed interface Command {

    record SendEvent(RoutedEvent event) implements Command {
        public SendEvent {
            Objects.requireNonNull(event, "event");
        }
    }

    record UpdatePolicy(PolicyUpdate update) implements Command {
        public UpdatePolicy {
            Objects.requireNonNull(update, "update");
        }
    }

    record PingHeartbeat(Ping ping) implements Command {
        public PingHeartbeat {
            Objects.requireNonNull(ping, "ping");
        }
    }

    /** Nothing to do and nothing wrong: filtered out, or on no configured topic. */
    record Skip(String reason) implements Command {
        public Skip {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The message can never be used as it is; {@code stage} names the mapper that refused it. */
    record Reject(String reason, String stage) implements Command {
        public Reject {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(stage, "stage");
        }
    }
}
