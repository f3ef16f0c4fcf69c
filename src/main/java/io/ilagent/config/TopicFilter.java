package io.ilagent.config;

import java.util.List;
import java.util.Objects;

/**
 * An MQTT topic filter (MQTT 5 §4.7): levels split by {@code /}, {@code +} matches exactly one
 * level, {@code #} (last level only) matches the rest including the parent level, and a shared
 * subscription's {@code $share/<group>/} prefix is not part of matching.
 */
public final class TopicFilter {
    private static final String SHARE_PREFIX = "$share/";

    private final String filter;
    private final List<String> levels;

    private TopicFilter(String filter, List<String> levels) {
        this.filter = filter;
        this.levels = levels;
    }

    /** @throws IllegalArgumentException when the filter breaks MQTT's wildcard rules */
    public static TopicFilter parse(String filter) {
        Objects.requireNonNull(filter, "filter");
        String matched = withoutSharePrefix(filter);
        if (matched.isEmpty()) {
            throw new IllegalArgumentException("topic filter '" + filter + "' is empty");
        }
        if (matched.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("topic filter '" + filter + "' contains a NUL character");
        }
        List<String> levels = List.of(matched.split("/", -1));
        for (int i = 0; i < levels.size(); i++) {
            String level = levels.get(i);
            if (level.contains("#") && (!level.equals("#") || i != levels.size() - 1)) {
                throw new IllegalArgumentException("topic filter '" + filter
                        + "': '#' must be a whole level and the last one, as in 'plant/#'");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("topic filter '" + filter
                        + "': '+' must be a whole level, as in 'plant/+/events'");
            }
        }
        return new TopicFilter(filter, levels);
    }

    private static String withoutSharePrefix(String filter) {
        if (!filter.startsWith(SHARE_PREFIX)) {
            return filter;
        }
        int groupEnd = filter.indexOf('/', SHARE_PREFIX.length());
        if (groupEnd <= SHARE_PREFIX.length()) {
            throw new IllegalArgumentException("shared subscription '" + filter
                    + "' needs a group and a filter, as in '$share/agents/plant/#'");
        }
        return filter.substring(groupEnd + 1);
    }

    public boolean hasWildcard() {
        return levels.contains("+") || levels.contains("#");
    }

    /** Whether a message published on {@code topic} (a topic name, no wildcards) matches. */
    public boolean matches(String topic) {
        String[] topicLevels = topic.split("/", -1);
        // §4.7.2: filters starting with a wildcard do not match topics starting with '$' ($SYS/...).
        if (topic.startsWith("$") && (levels.getFirst().equals("+") || levels.getFirst().equals("#"))) {
            return false;
        }
        for (int i = 0; i < levels.size(); i++) {
            String level = levels.get(i);
            if (level.equals("#")) {
                return true;
            }
            if (i >= topicLevels.length || !(level.equals("+") || level.equals(topicLevels[i]))) {
                return false;
            }
        }
        return levels.size() == topicLevels.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicFilter f && filter.equals(f.filter);
    }

    @Override
    public int hashCode() {
        return filter.hashCode();
    }

    @Override
    public String toString() {
        return filter;
    }
}
