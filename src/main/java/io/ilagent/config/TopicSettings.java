package io.ilagent.config;

import java.util.Optional;

/** The consumer topics: {@code -e/--event_topic}, {@code -r/--heartbeat_topic}, {@code --policy_topic}. */
public record TopicSettings(Optional<String> eventTopic, Optional<String> heartbeatTopic, Optional<String> policyTopic) {
    public static final TopicSettings NONE = new TopicSettings(Optional.empty(), Optional.empty(), Optional.empty());

    public boolean any() {
        return eventTopic.isPresent() || heartbeatTopic.isPresent() || policyTopic.isPresent();
    }
}
