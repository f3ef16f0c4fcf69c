package io.ilagent.pipeline;

import io.ilagent.config.TopicFilter;
import io.ilagent.config.TopicSettings;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides which mapper a message's topic belongs to. Checked in ilagent's order: heartbeat, policy,
 * event. MQTT topics match as filters (a wildcard event topic matches only what its filter covers,
 * unlike ilagent 0.9.0); Kafka topics are exact names.
 */
public final class TopicRouter {

    public enum Route { HEARTBEAT, POLICY, EVENT, IGNORED }

    private final Optional<Predicate<String>> heartbeat;
    private final Optional<Predicate<String>> policy;
    private final Optional<Predicate<String>> event;

    private TopicRouter(Optional<Predicate<String>> heartbeat, Optional<Predicate<String>> policy,
            Optional<Predicate<String>> event) {
        this.heartbeat = heartbeat;
        this.policy = policy;
        this.event = event;
    }

    /** @throws IllegalArgumentException when a configured topic is not a valid MQTT filter */
    public static TopicRouter mqtt(TopicSettings topics) {
        return new TopicRouter(mqttFilter(topics.heartbeatTopic()), mqttFilter(topics.policyTopic()),
                mqttFilter(topics.eventTopic()));
    }

    public static TopicRouter kafka(TopicSettings topics) {
        return new TopicRouter(exact(topics.heartbeatTopic()), exact(topics.policyTopic()),
                exact(topics.eventTopic()));
    }

    public Route route(String topic) {
        if (matches(heartbeat, topic)) {
            return Route.HEARTBEAT;
        }
        if (matches(policy, topic)) {
            return Route.POLICY;
        }
        if (matches(event, topic)) {
            return Route.EVENT;
        }
        return Route.IGNORED;
    }

    private static boolean matches(Optional<Predicate<String>> configured, String topic) {
        return configured.map(predicate -> predicate.test(topic)).orElse(false);
    }

    private static Optional<Predicate<String>> mqttFilter(Optional<String> filter) {
        return filter.map(TopicFilter::parse).map(parsed -> parsed::matches);
    }

    private static Optional<Predicate<String>> exact(Optional<String> name) {
        return name.map(expected -> expected::equals);
    }
}
