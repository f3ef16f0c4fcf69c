package io.ilagent.pipeline;

import io.ilagent.source.Message;
import java.util.function.Function;

/** Routes a consumer message by its topic and maps it with the matching mapper. Pure: no I/O. */
public final class MessageClassifier {
    public static final String MAP_EVENT = "map event";
    public static final String MAP_POLICY = "map policy update";
    public static final String MAP_HEARTBEAT = "map heartbeat";

    private final TopicRouter router;
    private final EventMapper events;
    private final PolicyMapper policies;
    private final HeartbeatMapper heartbeats;

    public MessageClassifier(TopicRouter router, EventMapper events, PolicyMapper policies,
            HeartbeatMapper heartbeats) {
        this.router = router;
        this.events = events;
        this.policies = policies;
        this.heartbeats = heartbeats;
    }

    public Command classify(Message message) {
        return switch (router.route(message.topic())) {
            case EVENT -> command(events.map(message), Command.SendEvent::new, MAP_EVENT);
            case POLICY -> command(policies.map(message.payload()), Command.UpdatePolicy::new, MAP_POLICY);
            case HEARTBEAT -> command(heartbeats.map(message.payload()), Command.PingHeartbeat::new, MAP_HEARTBEAT);
            case IGNORED -> new Command.Skip("topic " + message.topic() + " matches no configured topic");
        };
    }

    private static <T> Command command(Mapped<T> mapped, Function<T, Command> accepted, String stage) {
        return switch (mapped) {
            case Mapped.Accepted<T> a -> accepted.apply(a.value());
            case Mapped.Filtered<T> f -> new Command.Skip(f.reason());
            case Mapped.Rejected<T> r -> new Command.Reject(r.reason(), stage);
        };
    }
}
