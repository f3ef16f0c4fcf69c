package io.ilagent.pipeline;

import io.ilagent.source.IntakeObserver;
import io.ilagent.source.Message;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private final IntakeObserver observer;
    // A message retried with its acknowledgement held is classified again; it is reported once. Kept per
    // stream (a Kafka partition; the MQTT source), as Kafka partitions are handled concurrently.
    private final Map<String, String> lastReported = new ConcurrentHashMap<>();

    public MessageClassifier(TopicRouter router, EventMapper events, PolicyMapper policies,
            HeartbeatMapper heartbeats) {
        this(router, events, policies, heartbeats, IntakeObserver.NONE);
    }

    public MessageClassifier(TopicRouter router, EventMapper events, PolicyMapper policies,
            HeartbeatMapper heartbeats, IntakeObserver observer) {
        this.router = router;
        this.events = events;
        this.policies = policies;
        this.heartbeats = heartbeats;
        this.observer = observer;
    }

    public Command classify(Message message) {
        TopicRouter.Route route = router.route(message.topic());
        Command command = classify(message, route);
        if (!message.id().equals(lastReported.put(stream(message), message.id()))) {
            report(message.source(), route, command);
        }
        return command;
    }

    /** Kafka ids are {@code kafka:<topic>/<partition>/<offset>}: the stream is all but the offset. */
    private static String stream(Message message) {
        String id = message.id();
        return message.source() == Message.Source.KAFKA && id.lastIndexOf('/') > 0
                ? id.substring(0, id.lastIndexOf('/')) : message.source().name();
    }

    private void report(Message.Source source, TopicRouter.Route route, Command command) {
        observer.received(source);
        String kind = route == TopicRouter.Route.IGNORED ? "none" : route.name().toLowerCase(Locale.ROOT);
        observer.classified(source, kind, switch (command) {
            case Command.Skip s -> IntakeObserver.Result.SKIPPED;
            case Command.Reject r -> IntakeObserver.Result.REJECTED;
            default -> IntakeObserver.Result.ACCEPTED;
        });
    }

    private Command classify(Message message, TopicRouter.Route route) {
        try {
            return map(message, route);
        } catch (RuntimeException bug) {
            // Mapping is pure, so the same message would fail the same way on every retry: set it
            // aside instead of holding up the source behind it.
            return new Command.Reject("could not map the message: " + bug, "map " + route.name().toLowerCase(Locale.ROOT));
        }
    }

    private Command map(Message message, TopicRouter.Route route) {
        return switch (route) {
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
