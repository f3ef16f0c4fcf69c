package io.ilagent.source.kafka;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A standalone single-node KRaft broker for trials and benchmarks (bin/kafka-broker), with a small HTTP
 * control endpoint so that scripts need no Kafka client of their own:
 * <ul>
 *   <li>{@code POST /topics?name=T&partitions=N} creates a topic;</li>
 *   <li>{@code POST /produce?topic=T[&partition=P]} sends each line of the body as one record (key: the line's
 *       first tab-separated field when there is a tab, else none; value: the rest), and waits for every ack;
 *       with {@code &encoding=base64} each value is Base64, for binary records;</li>
 *   <li>{@code GET /count?topic=T} answers how many records the topic holds (sum of end offsets);</li>
 *   <li>{@code GET /committed?group=G&topic=T} answers the sum of the group's committed offsets;</li>
 *   <li>{@code POST /broker/stop} shuts the broker down (the controller and the data stay) and
 *       {@code POST /broker/start} starts it again on the same port; each answers once done, for broker-restart
 *       drills. A {@code /produce} meanwhile waits for the broker to be back.</li>
 * </ul>
 * Prints {@code bootstrap=host:port} and {@code control=http://...} on stdout once ready.
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {}

    public static void main(String[] args) throws Exception {
        int controlPort = 0;
        List<String> topics = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--control_port" -> controlPort = Integer.parseInt(args[++i]);
                case "--topic" -> topics.add(args[++i]);
                default -> {
                    System.err.println("usage: kafka-broker [--control_port N] [--topic NAME:PARTITIONS]...");
                    System.exit(2);
                }
            }
        }
        KafkaBroker broker = KafkaBroker.start();
        for (String topic : topics) {
            String[] parts = topic.split(":", 2);
            broker.createTopic(parts[0], parts.length == 2 ? Integer.parseInt(parts[1]) : 1);
        }
        HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", controlPort), 16);
        control.createContext("/", exchange -> handle(broker, exchange));
        // A request each: a /produce waiting for a stopped broker must not hold up the /broker/start.
        control.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        control.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.stop(0);
            try {
                broker.close();
            } catch (Exception e) {
                System.err.println("kafka-broker: close failed: " + e);
            }
            stopped.countDown();
        }));
        System.out.println("bootstrap=" + broker.bootstrap());
        System.out.println("control=http://127.0.0.1:" + control.getAddress().getPort());
        System.out.flush();
        stopped.await();
    }

    private static void handle(KafkaBroker broker, HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
            String answer = switch (exchange.getRequestURI().getPath()) {
                case "/topics" -> {
                    broker.createTopic(q.get("name"), Integer.parseInt(q.getOrDefault("partitions", "1")));
                    yield "created";
                }
                case "/produce" -> String.valueOf(produce(broker, q, exchange.getRequestBody().readAllBytes()));
                case "/committed" -> String.valueOf(broker.committedTotal(q.get("group"), List.of(q.get("topic"))));
                case "/count" -> String.valueOf(broker.recordCount(q.get("topic")));
                case "/broker/stop" -> {
                    broker.stopBroker();
                    yield "stopped";
                }
                case "/broker/start" -> {
                    broker.startBroker();
                    yield "started";
                }
                default -> null;
            };
            byte[] body = (answer == null ? "unknown path" : answer).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
        } catch (RuntimeException e) {
            byte[] body = String.valueOf(e).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static int produce(KafkaBroker broker, Map<String, String> q, byte[] body) {
        String topic = q.get("topic");
        Integer partition = q.containsKey("partition") ? Integer.valueOf(q.get("partition")) : null;
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
        List<String> records = Arrays.stream(lines).filter(l -> !l.isEmpty()).toList();
        broker.sendAll(topic, partition, records, "base64".equals(q.get("encoding")));
        return records.size();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return q;
    }
}
