package io.ilagent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Kafka consumer settings ({@code --kafka_brokers}, {@code --kafka_group_id}, {@code --kafka_property},
 * {@code --kafka_config}, {@code --kafka_dlq_topic}, {@code --kafka_window}).
 *
 * @param propertyFlags   each {@code --kafka_property} as given, {@code key=value}
 * @param configFile      a Java properties file of client properties; {@code --kafka_property} wins over it
 * @param maxPayloadBytes larger records are set aside as dead letters instead of being mapped
 * @param window          unsettled records per partition before the partition is paused
 */
public record KafkaSettings(String brokers, String groupId, List<String> propertyFlags, Optional<Path> configFile,
        Optional<String> dlqTopic, int maxPayloadBytes, int window) {
    public static final String DEFAULT_GROUP_ID = "ilagent";
    public static final int DEFAULT_WINDOW = 500;

    public KafkaSettings {
        propertyFlags = List.copyOf(propertyFlags);
    }

    public KafkaSettings(String brokers, String groupId, List<String> propertyFlags, Optional<Path> configFile,
            Optional<String> dlqTopic, int maxPayloadBytes) {
        this(brokers, groupId, propertyFlags, configFile, dlqTopic, maxPayloadBytes, DEFAULT_WINDOW);
    }

    /** Plain settings without extra client properties, e.g. for tests. */
    public KafkaSettings(String brokers, String groupId) {
        this(brokers, groupId, List.of(), Optional.empty(), Optional.empty(), MqttSettings.DEFAULT_MAX_PAYLOAD_BYTES);
    }

    /**
     * The client properties the user gave: the file first, then the flags over it.
     *
     * @throws IllegalArgumentException naming the flag, when a flag is not {@code key=value} or the file cannot be read
     */
    public Map<String, String> clientProperties() {
        Map<String, String> merged = new LinkedHashMap<>();
        configFile.ifPresent(file -> merged.putAll(read(file)));
        for (String flag : propertyFlags) {
            int eq = flag.indexOf('=');
            if (eq < 1 || flag.substring(0, eq).isBlank()) {
                throw new IllegalArgumentException("--kafka_property must be key=value, got '" + masked(flag) + "'");
            }
            merged.put(flag.substring(0, eq).trim(), flag.substring(eq + 1));
        }
        return merged;
    }

    private static Map<String, String> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--kafka_config: cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    /** Whether a property's value must never be shown (passwords, JAAS configs, keys). */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.endsWith(".key")
                || k.contains("token") || k.contains("credential");
    }

    /** The properties with the values of secret ones replaced by ****, for logs and messages. */
    public static Map<String, String> masked(Map<String, String> properties) {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(k, isSecret(k) ? "****" : v));
        return shown;
    }

    private static String masked(String flag) {
        int eq = flag.indexOf('=');
        return eq > 0 && isSecret(flag.substring(0, eq)) ? flag.substring(0, eq + 1) + "****" : flag;
    }

    // The flags may carry SASL passwords; they stay out of any log line built from toString.
    @Override
    public String toString() {
        return "KafkaSettings[brokers=" + brokers + ", groupId=" + groupId + ", properties=" + propertyFlags.size()
                + ", configFile=" + configFile + ", dlqTopic=" + dlqTopic + ", maxPayloadBytes=" + maxPayloadBytes + ", window=" + window + "]";
    }
}
