package io.ilagent.source.kafka;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real KRaft broker per test class (about 4 s to start):
 * {@code @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();}
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private KafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = KafkaBroker.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        broker.close();
    }

    public KafkaBroker broker() {
        return broker;
    }

    /** Fresh topics for a {@link KafkaAgent}: events with {@code eventPartitions} partitions, the others with one. */
    KafkaAgent.Topics topics(String name, int eventPartitions) {
        return broker.agentTopics(name, eventPartitions);
    }
}
