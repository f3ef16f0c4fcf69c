package io.ilagent.source.kafka;

import io.ilagent.config.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --kafka_dlq_topic}: a copy of each record that became a dead letter, key and value unchanged,
 * with headers saying why and where it came from. The dead-letter table stays the record of truth, so a
 * failed send is logged and the source goes on.
 */
final class DeadLetterTopic implements AutoCloseable {
    static final String REASON = "ilagent.dlq.reason";
    static final String TOPIC = "ilagent.dlq.topic";
    static final String PARTITION = "ilagent.dlq.partition";
    static final String OFFSET = "ilagent.dlq.offset";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(DeadLetterTopic.class);

    private final String topic;
    private final Producer<byte[], byte[]> producer;

    DeadLetterTopic(String topic, KafkaSettings settings) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(KafkaClientConfig.properties(KafkaClientConfig.producer(settings)));
    }

    void send(ConsumerRecord<byte[], byte[]> record, String reason) {
        ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(topic, null, record.key(), record.value());
        Headers headers = copy.headers();
        headers.add(REASON, bytes(reason));
        headers.add(TOPIC, bytes(record.topic()));
        headers.add(PARTITION, bytes(String.valueOf(record.partition())));
        headers.add(OFFSET, bytes(String.valueOf(record.offset())));
        try {
            producer.send(copy).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | KafkaException | IllegalStateException e) {
            // IllegalStateException: the producer closed at a stop while a delivery under way was dead-lettered
            log.warn("Dead letter of {}/{}/{} not produced to {} (it is in the dead-letter table): {}",
                    record.topic(), record.partition(), record.offset(), topic, e.toString());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
