package io.ilagent.source.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.delivery.Database;
import io.ilagent.source.Health;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart under the same client id with another topic set, and overlapping filters, against the
 * real Mosquitto (2.0.11 measured: MQTT 5 gets one copy per matching subscription, 3.1.1 one copy).
 */
class StaleSubscriptionTest {
    @TempDir
    static Path brokerDir;
    static Mosquitto broker;
    @TempDir
    Path dir;
    Database db;
    final List<String> received = new CopyOnWriteArrayList<>();
    int client;

    @BeforeAll
    static void startBroker() {
        broker = Mosquitto.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void openDatabase() {
        db = Database.open(dir.resolve("agent.db"), Clock.systemUTC());
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(ints = {3, 5})
    void aPublishMatchingAnOldAndANewFilterIsReceivedOnceAfterATopicChange(int version) throws Exception {
        String clientId = "stale-" + version;
        SubscriptionMemory memory = SubscriptionMemory.in(db, "127.0.0.1", broker.port(), clientId);
        runAndStop(connection(version, clientId, List.of("site/#"), memory));

        BrokerConnection second = connection(version, clientId, List.of("site/a", "other/end"), memory);
        publishAndWaitForTheEndMarker(second);

        assertThat(received).containsExactly("site/a", "other/end");
        assertThat(memory.filters()).containsExactlyInAnyOrder("site/a", "other/end");
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(ints = {3, 5})
    void withoutTheMemoryMosquittoSendsAnMqtt5ClientACopyPerStaleSubscription(int version) throws Exception {
        String clientId = "unremembered-" + version;
        runAndStop(connection(version, clientId, List.of("site/#"), SubscriptionMemory.NONE));

        BrokerConnection second = connection(version, clientId, List.of("site/a", "other/end"), SubscriptionMemory.NONE);
        publishAndWaitForTheEndMarker(second);

        assertThat(received).containsExactlyElementsOf(version == 5
                ? List.of("site/a", "site/a", "other/end") : List.of("site/a", "other/end"));
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(ints = {3, 5})
    void overlappingConfiguredFiltersGiveAnMqtt5ClientACopyPerFilter(int version) throws Exception {
        BrokerConnection connection = connection(version, "overlap-" + version, List.of("site/#", "site/a", "other/end"),
                SubscriptionMemory.NONE);
        publishAndWaitForTheEndMarker(connection);

        assertThat(received).containsExactlyElementsOf(version == 5
                ? List.of("site/a", "site/a", "other/end") : List.of("site/a", "other/end"));
    }

    private BrokerConnection connection(int version, String clientId, List<String> filters, SubscriptionMemory memory) {
        ConnectionSettings settings = new ConnectionSettings("127.0.0.1", broker.port(), clientId, Optional.empty(),
                Optional.empty(), Optional.empty(), filters, 1);
        MqttReadiness readiness = new MqttReadiness(new Health());
        ReconnectDelay delay = new ReconnectDelay(new Random());
        BrokerConnection connection = version == 3 ? new Mqtt3Connection(settings, readiness, delay, memory)
                : new Mqtt5Connection(settings, readiness, delay, memory);
        connection.start(publish -> {
            received.add(publish.topic());
            publish.ack().run();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness.status().subscriptionsReady());
        return connection;
    }

    private static void runAndStop(BrokerConnection connection) throws Exception {
        connection.stop().get();
    }

    /** Copies of one publish come before a later publish on the same connection, so the marker ends the wait. */
    private void publishAndWaitForTheEndMarker(BrokerConnection connection) throws Exception {
        try (Publisher publisher = new Publisher(broker.port())) {
            publisher.publish("site/a", "{}");
            publisher.publish("other/end", "{}");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("other/end"));
        connection.stop().get();
    }
}
