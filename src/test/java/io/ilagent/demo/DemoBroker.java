package io.ilagent.demo;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An embedded MQTT broker (Moquette) for bin/demo, so the demo needs no Mosquitto: {@code DemoBroker [--port N]}
 * listens on 127.0.0.1 (port 0: a free one), prints one line with the port, and runs until stopped. In memory
 * only, anonymous, and with Moquette's telemetry off. Test code: never part of the agent's jar.
 */
public final class DemoBroker {
    private DemoBroker() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 0;
        if (args.length != 0 && args.length != 2) {
            System.err.println("usage: DemoBroker [--port N]");
            System.exit(2);
        }
        Properties settings = new Properties();
        settings.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
        settings.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
        settings.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        settings.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        settings.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        Server broker = new Server();
        broker.startServer(new MemoryConfig(settings));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.stopServer();
            stopped.countDown();
        }));
        System.out.println("MQTT broker (Moquette) listening on 127.0.0.1:" + boundPort(broker));
        System.out.flush();
        stopped.await();
    }

    /** Moquette learns the port it bound in a listener on Netty's event loop, after startServer returns: wait for it. */
    private static int boundPort(Server broker) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (broker.getPort() == 0) {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("Moquette did not report its port within 30 s");
            }
            Thread.sleep(10);
        }
        return broker.getPort();
    }
}
