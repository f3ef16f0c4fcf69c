package io.ilagent.sim;

import io.ilagent.ilert.EscalationRule;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the ilert simulator on its own, for local trials of the agent:
 * {@code SimulatorMain [--port N] [--api_key K] [--rate_limit N] [--event_rate_limit N] [--quiet] [--demo]}. Logs
 * each request as one line unless {@code --quiet}. {@code --rate_limit} is REST calls per API key per minute
 * (ilert's 120 by default, 0 for none), for benchmarks that measure throughput rather than the limit;
 * {@code --event_rate_limit} is events per integration key per minute (ilert's is 50; off by default).
 */
public final class SimulatorMain {
    private SimulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        int port = 8080;
        String apiKey = IlertSimulator.DEFAULT_API_KEY;
        boolean demo = false;
        Integer rateLimit = null;
        int eventRateLimit = 0;
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--api_key" -> apiKey = value(args, ++i, "--api_key");
                case "--demo" -> demo = true;
                case "--rate_limit" -> rateLimit = Integer.parseInt(value(args, ++i, "--rate_limit"));
                case "--event_rate_limit" -> eventRateLimit = Integer.parseInt(value(args, ++i, "--event_rate_limit"));
                case "--quiet" -> quiet = true;
                case "-h", "--help" -> {
                    System.out.println("usage: ilert-simulator [--port N (8080)] [--api_key K (sim-api-key)]"
                            + " [--rate_limit N (120 per minute; 0 = off)]"
                            + " [--event_rate_limit N (per integration key per minute; 0 = off, the default)] [--quiet] [--demo]");
                    return;
                }
                default -> {
                    System.err.println("unknown argument " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        IlertSimulator.Builder builder = IlertSimulator.builder().port(port).apiKey(apiKey);
        if (!quiet) {
            builder.onRequest(r -> System.out.println(r.oneLine()));
        }
        IlertSimulator sim = builder.start();
        if (rateLimit != null) {
            sim.rateLimitPerMinute(rateLimit);
        }
        sim.eventRateLimitPerMinute(eventRateLimit);
        if (demo) {
            seedDemo(sim);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }));
        System.out.println("ilert simulator listening on " + sim.baseUrl()
                + " (API and beat host; control under " + sim.baseUrl() + "/_sim/state)");
        System.out.flush();
        stopped.await();
    }

    static void seedDemo(IlertSimulator sim) {
        long alice = sim.addUser("alice@example.com", "Alice", "Example");
        long bob = sim.addUser("bob@example.com", "Bob", "Example");
        sim.addPolicy("Power plant on-call", "powerplant", List.of(
                new EscalationRule(5, List.of(EscalationRule.UserRel.of(alice)), null, null),
                new EscalationRule(10, List.of(EscalationRule.UserRel.of(bob)), null, null),
                new EscalationRule(15, List.of(EscalationRule.UserRel.of(alice)), null, null)));
        System.out.println("demo: users alice@example.com, bob@example.com; policy routing key 'powerplant' with 3 levels");
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
