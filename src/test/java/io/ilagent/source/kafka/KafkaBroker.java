package io.ilagent.source.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real single-node KRaft broker in this JVM (about 4 s to start); share one per test class. */
public final class KafkaBroker implements AutoCloseable {
    static final int MAX_RECORD_BYTES = 4 * 1024 * 1024;
    private final KafkaClusterTestKit cluster;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.admin = cluster.admin();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_RECORD_BYTES));
        this.producer = new KafkaProducer<>(props);
    }

    public static KafkaBroker start() {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    // room for records over the agent's --max_payload_bytes (1 MiB), which drills send
                    .setConfigProp("message.max.bytes", String.valueOf(MAX_RECORD_BYTES))
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaBroker(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka test broker did not start", e);
        }
    }

    public String bootstrap() {
        return cluster.bootstrapServers();
    }

    /**
     * Shuts the broker down as an operator's restart would (a controlled shutdown; the KRaft controller and
     * the data stay): clients lose every connection and the group coordinator until {@link #startBroker()}.
     */
    public void stopBroker() {
        cluster.brokers().values().forEach(b -> {
            b.shutdown();
            b.awaitShutdown();
        });
    }

    /** Starts the broker stopped by {@link #stopBroker()} again, on the same port and with the same data. */
    public void startBroker() {
        cluster.brokers().values().forEach(kafka.server.BrokerServer::startup);
        try {
            cluster.waitForReadyBrokers();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Kafka test broker did not come back", e);
        }
    }

    public void createTopic(String name, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    public void send(String topic, int partition, String key, String value) {
        send(topic, partition, key, value.getBytes(StandardCharsets.UTF_8));
    }

    public void send(String topic, int partition, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, partition, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                    value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fresh topics for a {@link KafkaAgent}: events with {@code eventPartitions} partitions, the others with one. */
    KafkaAgent.Topics agentTopics(String name, int eventPartitions) {
        KafkaAgent.Topics topics = KafkaAgent.Topics.named(name);
        createTopic(topics.events(), eventPartitions);
        createTopic(topics.heartbeats(), 1);
        createTopic(topics.policies(), 1);
        return topics;
    }

    /**
     * Sends every line as one record and waits for all acks at the end, so a batch goes at the producer's pace.
     * A line with a tab is {@code key<TAB>value}; {@code partition} null lets the producer choose.
     */
    public void sendAll(String topic, Integer partition, List<String> lines) {
        sendAll(topic, partition, lines, false);
    }

    /** As {@link #sendAll(String, Integer, List)}; with {@code base64} each value is Base64 (binary records). */
    public void sendAll(String topic, Integer partition, List<String> lines, boolean base64) {
        List<java.util.concurrent.Future<?>> acks = new java.util.ArrayList<>(lines.size());
        for (String line : lines) {
            int tab = line.indexOf('\t');
            byte[] key = tab < 0 ? null : line.substring(0, tab).getBytes(StandardCharsets.UTF_8);
            String text = line.substring(tab + 1);
            byte[] value = base64 ? java.util.Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
            acks.add(producer.send(new ProducerRecord<>(topic, partition, key, value)));
        }
        try {
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The committed offset of each partition of {@code topic} in {@code group}; absent when none. */
    public Map<Integer, Long> committed(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The group's state as the broker's coordinator sees it, e.g. {@code PREPARING_REBALANCE} while a member joins. */
    public String groupState(String group) {
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).groupState().name();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    public long committedTotal(String group, Collection<String> topics) {
        return topics.stream().mapToLong(t -> committed(group, t).values().stream().mapToLong(Long::longValue).sum()).sum();
    }

    /** How many records {@code topic} holds: the sum of its partitions' end offsets. */
    public long recordCount(String topic) {
        try {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        producer.close();
        admin.close();
        cluster.close();
    }
}
