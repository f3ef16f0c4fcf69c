package io.ilagent.source.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.delivery.DeadLetter;
import io.ilagent.sim.IlertSimulatorExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is set aside with a reason and acknowledged; it never blocks the next message or the connection. */
class MqttBadInputTest {
    static final int MAX_PAYLOAD = 2048;
    static final String GOOD = """
            {"integrationKey":"il1mqtt789","eventType":"ALERT","summary":"after the bad one"}""";

    @TempDir
    static Path brokerDir;
    static Mosquitto broker;

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();
    @TempDir
    Path dir;
    MqttAgent agent;
    Publisher publisher;

    @BeforeAll
    static void startBroker() {
        broker = Mosquitto.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void start() {
        agent = new MqttAgent(dir, broker.port(), ilert.sim(),
                MqttAgent.Options.direct("bad-" + System.nanoTime()).maxPayloadBytes(MAX_PAYLOAD));
        await().atMost(Duration.ofSeconds(10)).until(agent::ready);
        publisher = new Publisher(broker.port());
    }

    @AfterEach
    void stop() throws InterruptedException {
        publisher.close();
        agent.close();
    }

    private DeadLetter badMessageIsSetAsideAndTheNextDelivered(String topic, byte[] bad) {
        publisher.publish(topic, bad, false);
        publisher.publish("plant/line1/events", GOOD);

        await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().events().size() == 1);
        assertThat(ilert.sim().events().getFirst().body().path("summary").asText()).isEqualTo("after the bad one");
        assertThat(agent.deadLetters()).hasSize(1);
        assertThat(agent.source.status().connects()).isEqualTo(1);
        return agent.deadLetters().getFirst();
    }

    @Test
    void invalidUtf8IsADeadLetter() {
        DeadLetter letter = badMessageIsSetAsideAndTheNextDelivered("plant/line1/events",
                new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});

        assertThat(letter.reason()).isEqualTo("payload is not valid UTF-8 (byte 3 of 6)");
        assertThat(letter.stage()).isEqualTo("map event");
        assertThat(letter.sourceRef()).startsWith("mqtt topic plant/line1/events (mqtt:plant/line1/events:");
    }

    @Test
    void invalidJsonIsADeadLetter() {
        DeadLetter letter = badMessageIsSetAsideAndTheNextDelivered("plant/line1/events", bytes("{\"integrationKey\": "));

        assertThat(letter.reason()).startsWith("payload is not valid JSON");
    }

    @Test
    void jsonNestedBeyondTheParserLimitIsADeadLetterAndDoesNotHoldUpTheSource() {
        String deep = "{\"a\":" + "[".repeat(1001) + "]".repeat(1001) + "}"; // just over the limit, under 2 KiB
        DeadLetter letter = badMessageIsSetAsideAndTheNextDelivered("plant/line1/events", bytes(deep));

        assertThat(letter.reason()).startsWith("payload is not valid JSON").contains("nesting depth");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"integrationKey\": 42, \"eventType\": \"ALERT\", \"summary\": \"s\"}",
            "{\"integrationKey\": \"k\", \"eventType\": \"EXPLODE\", \"summary\": \"s\"}",
            "[1, 2, 3]"})
    void anEventOfTheWrongShapeIsADeadLetter(String payload) {
        DeadLetter letter = badMessageIsSetAsideAndTheNextDelivered("plant/line1/events", bytes(payload));

        assertThat(letter.stage()).isEqualTo("map event");
        assertThat(letter.reason()).isNotBlank();
        assertThat(letter.payload()).contains("plant/line1/events");
    }

    @Test
    void aPolicyUpdateWithAShiftOfTheWrongTypeIsADeadLetter() {
        DeadLetter letter = badMessageIsSetAsideAndTheNextDelivered(MqttAgent.POLICIES,
                bytes("{\"plant\":\"pp\",\"data\":{\"email\":\"anna@example.com\",\"shift\":true}}"));

        assertThat(letter.stage()).isEqualTo("map policy update");
    }

    @Test
    void aHeartbeatWithoutKeyIsADeadLetter() {
        DeadLetter letter = badMessageIsSetAsideAndTheNextDelivered(MqttAgent.HEARTBEATS, bytes("{\"integrationKey\":7}"));

        assertThat(letter.stage()).isEqualTo("map heartbeat");
    }

    @Test
    void aPayloadOverTheLimitIsADeadLetterWithoutBeingRead() {
        byte[] big = new byte[MAX_PAYLOAD + 1];
        Arrays.fill(big, (byte) 'x');

        DeadLetter letter = badMessageIsSetAsideAndTheNextDelivered("plant/line1/events", big);

        assertThat(letter.reason()).isEqualTo("payload of 2049 bytes is over --max_payload_bytes 2048");
        assertThat(letter.stage()).isEqualTo("receive");
    }

    @Test
    void aPayloadFarOverTheLimitKeepsTheConnection() {
        byte[] huge = new byte[4 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'x');

        DeadLetter letter = badMessageIsSetAsideAndTheNextDelivered("plant/line1/events", huge);

        assertThat(letter.stage()).isEqualTo("receive");
        assertThat(letter.payload().length()).isLessThan(100 * 1024);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
