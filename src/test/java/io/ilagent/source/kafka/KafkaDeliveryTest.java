package io.ilagent.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.ilert.EscalationRule;
import io.ilagent.ilert.EscalationRule.UserRel;
import io.ilagent.sim.Failure;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Events, heartbeats and policy updates from Kafka reach ilert; bad records are set aside and committed. */
class KafkaDeliveryTest {
    private static final AtomicInteger TESTS = new AtomicInteger();
    @RegisterExtension
    static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();
    @TempDir
    Path dir;
    private final List<KafkaAgent> agents = new ArrayList<>();

    @AfterEach
    void stopAgents() throws InterruptedException {
        for (KafkaAgent agent : agents) {
            agent.close();
        }
    }

    private KafkaAgent.Topics topics() {
        KafkaAgent.Topics topics = KafkaAgent.Topics.named("delivery" + TESTS.incrementAndGet());
        topics.all().forEach(t -> kafka.broker().createTopic(t, 1));
        return topics;
    }

    private KafkaAgent agent(KafkaAgent.Topics topics, Optional<String> dlq, int maxPayloadBytes) {
        KafkaAgent agent = new KafkaAgent(dir.resolve("agent.db"), kafka.broker().bootstrap(), topics.events() + "-group", topics,
                ilert.sim(), new ConcurrentLinkedQueue<>(), dlq, maxPayloadBytes);
        agents.add(agent);
        await().atMost(Duration.ofSeconds(20)).until(agent::ready);
        return agent;
    }

    private KafkaAgent agent(KafkaAgent.Topics topics) {
        return agent(topics, Optional.empty(), 1024 * 1024);
    }

    @Test
    void anEventReachesTheKafkaEndpointOfIlertWithTheRecordKeyAndTopicAsDetails() {
        KafkaAgent.Topics topics = topics();
        agent(topics);

        kafka.broker().send(topics.events(), 0, "boiler-7", """
                {"integrationKey":"il1kafka123","eventType":"ALERT","summary":"Boiler pressure high","alertKey":"boiler"}""");

        await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().events().size() == 1);
        assertThat(ilert.sim().events().getFirst().path()).isEqualTo("/api/v1/events/kafka/il1kafka123");
        assertThat(ilert.sim().events().getFirst().body().path("customDetails").path("messageKey").asText())
                .isEqualTo("boiler-7");
        assertThat(ilert.sim().events().getFirst().body().path("customDetails").path("topic").asText())
                .isEqualTo(topics.events());
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.broker().committed(topics.events() + "-group", topics.events())
                .equals(Map.of(0, 1L)));
    }

    @Test
    void aHeartbeatRecordPingsTheHeartbeat() {
        KafkaAgent.Topics topics = topics();
        agent(topics);

        kafka.broker().send(topics.heartbeats(), 0, null, """
                {"integrationKey":"il1hbt-not-legacy-hb1"}""");

        await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().pings().size() == 1);
    }

    @Test
    void aPolicyUpdatePutsTheUserOnTheLevel() {
        IlertSimulator sim = ilert.sim();
        long anna = sim.addUser("anna@example.com", "Anna", "A");
        long policy = sim.addPolicy("Plant", "pp", List.of(
                new EscalationRule(5, List.of(UserRel.of(sim.addUser("bob@example.com", "Bob", "B"))), null, null),
                new EscalationRule(10, List.of(), null, null)));
        KafkaAgent.Topics topics = topics();
        agent(topics);

        kafka.broker().send(topics.policies(), 0, null, """
                {"plant":"pp","data":{"email":"anna@example.com","shift":1}}""");

        await().atMost(Duration.ofSeconds(10)).until(() -> usersOnLevel(sim, policy, 1).equals(List.of(anna)));
        assertThat(sim.policy(policy).orElseThrow().escalationRules().get(1).escalationTimeout()).isEqualTo(10);
    }

    @Test
    void anUnparsableRecordBecomesADeadLetterIsCommittedAndTheNextRecordFlows() {
        KafkaAgent.Topics topics = topics();
        String dlq = topics.events() + "-dlq";
        kafka.broker().createTopic(dlq, 1);
        KafkaAgent agent = agent(topics, Optional.of(dlq), 1024 * 1024);

        kafka.broker().send(topics.events(), 0, "k", "not json at all");
        kafka.broker().send(topics.events(), 0, "k", """
                {"integrationKey":"il1kafka123","eventType":"ALERT","summary":"after the bad one"}""");

        await().atMost(Duration.ofSeconds(10)).until(() -> ilert.sim().events().size() == 1);
        assertThat(agent.deadLetters()).hasSize(1);
        assertThat(agent.deadLetters().getFirst().sourceRef()).contains(topics.events());
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.broker().committed(topics.events() + "-group", topics.events())
                .equals(Map.of(0, 2L)));
        ConsumerRecord<byte[], byte[]> copy = readOne(dlq);
        assertThat(new String(copy.value(), StandardCharsets.UTF_8)).isEqualTo("not json at all");
        assertThat(header(copy, DeadLetterTopic.TOPIC)).isEqualTo(topics.events());
        assertThat(header(copy, DeadLetterTopic.PARTITION)).isEqualTo("0");
        assertThat(header(copy, DeadLetterTopic.OFFSET)).isEqualTo("0");
        assertThat(header(copy, DeadLetterTopic.REASON)).isNotBlank();
    }

    @Test
    void aRecordIlertRefusesForGoodIsCopiedToTheDeadLetterTopicAndCommitted() {
        KafkaAgent.Topics topics = topics();
        String dlq = topics.events() + "-dlq";
        kafka.broker().createTopic(dlq, 1);
        ilert.sim().failNext(1, Failure.status(400).on("POST", "/api/v1/events/kafka/il1refused"));
        KafkaAgent agent = agent(topics, Optional.of(dlq), 1024 * 1024);

        kafka.broker().send(topics.events(), 0, "k", """
                {"integrationKey":"il1refused","eventType":"ALERT","summary":"refused"}""");

        await().atMost(Duration.ofSeconds(10)).until(() -> agent.deadLetters().size() == 1);
        ConsumerRecord<byte[], byte[]> copy = readOne(dlq);
        assertThat(header(copy, DeadLetterTopic.OFFSET)).isEqualTo("0");
        assertThat(header(copy, DeadLetterTopic.REASON)).contains("400");
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.broker().committed(topics.events() + "-group", topics.events())
                .equals(Map.of(0, 1L)));
    }

    @Test
    void aRecordOverMaxPayloadBytesIsSetAsideUnread() {
        KafkaAgent.Topics topics = topics();
        KafkaAgent agent = agent(topics, Optional.empty(), 100);

        kafka.broker().send(topics.events(), 0, "k", """
                {"integrationKey":"il1kafka123","eventType":"ALERT","summary":"%s"}""".formatted("x".repeat(200)));

        await().atMost(Duration.ofSeconds(10)).until(() -> agent.deadLetters().size() == 1);
        assertThat(agent.deadLetters().getFirst().reason()).contains("--max_payload_bytes 100");
        assertThat(agent.deadLetters().getFirst().stage()).isEqualTo("receive");
        assertThat(ilert.sim().events()).isEmpty();
    }

    private static ConsumerRecord<byte[], byte[]> readOne(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker().bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(props)) {
            reader.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                reader.poll(Duration.ofMillis(200)).forEach(got::add);
                return !got.isEmpty();
            });
            return got.getFirst();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    static List<Long> usersOnLevel(IlertSimulator sim, long policy, int level) {
        List<UserRel> users = sim.policy(policy).orElseThrow().escalationRules().get(level).users();
        return users == null ? List.of() : users.stream().map(UserRel::id).toList();
    }
}
