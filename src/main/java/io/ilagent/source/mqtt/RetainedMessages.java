package io.ilagent.source.mqtt;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a broker from applying a retained message twice: it re-sends the topic's retained message
 * whenever the subscription is made again (new session, broker restart). A retained delivery is a
 * repeat when its content equals the last message this process handled on that topic, live or
 * retained. Remembered in memory only, by SHA-256, for the most recent topics.
 */
final class RetainedMessages {
    private static final int MAX_TOPICS = 10_000;

    private final Map<String, byte[]> lastHandled = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > MAX_TOPICS;
        }
    };

    /** Whether {@code received} is a retained re-send of what was last handled on its topic. */
    synchronized boolean isRepeat(Received received) {
        return received.retained() && Arrays.equals(lastHandled.get(received.topic()), hash(received.payload()));
    }

    /** Call once a message was handled (acknowledged). */
    synchronized void handled(Received received) {
        lastHandled.put(received.topic(), hash(received.payload()));
    }

    private static byte[] hash(byte[] payload) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(payload);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
