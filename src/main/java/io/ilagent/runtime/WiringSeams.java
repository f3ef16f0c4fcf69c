package io.ilagent.runtime;

import io.ilagent.source.MessageIntake;
import io.ilagent.source.mqtt.MqttSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * What {@link DaemonWiring} takes from outside the configuration: the clock, where jitter comes from, the
 * waits that pace the agent, and a tap on what the sources hand their messages to. The daemon runs with
 * {@link #production}; a test replaces one seam (a clock it moves, jitter it fixes, short polls) and gets
 * every other part as the daemon builds it. Endpoints (ilert, broker, listening port) are configuration.
 *
 * @param random    a source of jitter for each part that needs one (retry backoff, the rate-limit gate)
 * @param intakeTap wraps the intake of the MQTT and Kafka sources, e.g. so a test sees what was settled
 */
public record WiringSeams(Clock clock, Supplier<RandomGenerator> random, Timings timings,
        UnaryOperator<MessageIntake> intakeTap) {

    /**
     * @param deliveryPoll how often the engine looks for due items when nothing woke it
     * @param tlsCheck     how often the MQTT TLS files are checked for a change
     * @param metricsCache how long the store gauges of /metrics are reused
     */
    public record Timings(Duration deliveryPoll, Duration tlsCheck, Duration metricsCache) {
        public static final Timings PRODUCTION =
                new Timings(Duration.ofSeconds(1), MqttSource.TLS_CHECK_INTERVAL, Duration.ofSeconds(5));
    }

    public static WiringSeams production(Clock clock) {
        return new WiringSeams(clock, Random::new, Timings.PRODUCTION, UnaryOperator.identity());
    }

    public WiringSeams clock(Clock c) {
        return new WiringSeams(c, random, timings, intakeTap);
    }

    /** Every part gets this one generator (tests fix the jitter this way). */
    public WiringSeams random(RandomGenerator r) {
        return new WiringSeams(clock, () -> r, timings, intakeTap);
    }

    public WiringSeams timings(Timings t) {
        return new WiringSeams(clock, random, t, intakeTap);
    }

    public WiringSeams intakeTap(UnaryOperator<MessageIntake> tap) {
        return new WiringSeams(clock, random, timings, tap);
    }
}
