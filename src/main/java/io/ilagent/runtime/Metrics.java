package io.ilagent.runtime;

import io.ilagent.source.Health;
import io.ilagent.delivery.DeliveryObserver;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.QueueStats;
import io.ilagent.ilert.CallObserver;
import io.ilagent.ilert.RateLimitBucket;
import io.ilagent.ilert.RateLimitObserver;
import io.ilagent.policy.PolicyAudit;
import io.ilagent.source.IntakeObserver;
import io.ilagent.source.Message;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns the daemon's Prometheus registry and turns the components' observer calls into meters. Every
 * label value comes from a small fixed set (source, kind, outcome, endpoint name, HTTP status), never
 * from message content, so no key, email address or secret can become a label.
 */
public final class Metrics implements IntakeObserver, DeliveryObserver, CallObserver, RateLimitObserver {

    /** Buckets from a quick direct delivery to an item that waited through several retries. */
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The Prometheus text exposition, for {@code GET /metrics}. */
    public String scrape() {
        return registry.scrape();
    }

    /** Gauges for the store: waiting items, the oldest one's age, dead letters. */
    public Metrics watch(QueueStats stats) {
        Gauge.builder("ilagent.outbox.items", stats, s -> s.snapshot().pending())
                .description("Items waiting in the outbox for delivery").strongReference(true).register(registry);
        Gauge.builder("ilagent.outbox.oldest.age", stats, QueueStats::oldestAgeSeconds).baseUnit("seconds")
                .description("How long the oldest waiting item has waited").strongReference(true).register(registry);
        Gauge.builder("ilagent.dead.letters", stats, s -> s.snapshot().deadLetters())
                .description("Dead letters stored (see ilagent queue)").strongReference(true).register(registry);
        return this;
    }

    /** Gauges per component: ready 0/1, and for a source with a broker whether it is connected. */
    public Metrics watch(Health health, String component) {
        Gauge.builder("ilagent.component.ready", health, h -> isReady(h, component) ? 1 : 0)
                .tag("component", component).description("1 when the component is ready").strongReference(true).register(registry);
        return this;
    }

    /** 1 while the source's broker connection is up, from the {@code connected} fact it reports to Health. */
    public Metrics watchConnection(Health health, String source) {
        Gauge.builder("ilagent.source.connected", health, h -> isConnected(h, source) ? 1 : 0)
                .tag("source", source).description("1 while the source is connected to its broker").strongReference(true).register(registry);
        return this;
    }

    /** The number of policy levels the last drift check found changed in ilert (and, with repair, left so). */
    public Metrics watchDriftedLevels(AtomicInteger drifted) {
        Gauge.builder("ilagent.policy.drifted.levels", drifted, AtomicInteger::get)
                .description("Policy levels the last drift check (--policy_check_interval) found changed in ilert since "
                        + "the agent set them").strongReference(true).register(registry);
        return this;
    }

    @Override
    public void received(Message.Source source) {
        Counter.builder("ilagent.messages.received").tag("source", label(source))
                .description("Messages received from a source").register(registry).increment();
    }

    @Override
    public void classified(Message.Source source, String kind, IntakeObserver.Result result) {
        Counter.builder("ilagent.messages." + label(result)).tag("source", label(source)).tag("kind", kind)
                .description("Messages by what became of them: accepted for ilert, rejected, or skipped")
                .register(registry).increment();
    }

    @Override
    public void attempted(ItemKind kind, DeliveryObserver.AttemptEnd outcome, Duration sinceReceipt) {
        Counter.builder("ilagent.deliveries").tag("kind", label(kind)).tag("outcome", label(outcome))
                .description("Delivery attempts to ilert by outcome").register(registry).increment();
        if (outcome == DeliveryObserver.AttemptEnd.DELIVERED) {
            Timer.builder("ilagent.delivery.latency").tag("kind", label(kind)).serviceLevelObjectives(LATENCY_BUCKETS)
                    .description("From receipt of a message to ilert's accepting answer")
                    .register(registry).record(sinceReceipt.isNegative() ? Duration.ZERO : sinceReceipt);
        }
    }

    @Override
    public void answered(String endpoint, int status) {
        Counter.builder("ilagent.ilert.calls").tag("endpoint", endpoint)
                .tag("status", status == 0 ? "network_error" : Integer.toString(status))
                .description("Calls to the ilert API by endpoint and HTTP status").register(registry).increment();
    }

    @Override
    public void closed(RateLimitBucket.Kind kind) {
        Counter.builder("ilagent.ilert.rate.limit.closed").tag("bucket", kind.label())
                .description("Times a 429 from ilert closed a rate-limit bucket (rest, events, heartbeats); a probe answered 429 counts again")
                .register(registry).increment();
    }

    @Override
    public void waited(RateLimitBucket.Kind kind, Duration wait) {
        Timer.builder("ilagent.ilert.rate.limit.wait").tag("bucket", kind.label())
                .description("Calls not sent at once because their rate-limit bucket was closed, and how long each was held"
                        + " (or blocked behind the bucket's probe)")
                .register(registry).record(wait.isNegative() ? Duration.ZERO : wait);
    }

    @Override
    public void paced(RateLimitBucket.Kind kind, Duration wait, boolean held) {
        Timer.builder("ilagent.ilert.budget.wait").tag("bucket", kind.label()).tag("how", held ? "held" : "in_place")
                .description("Calls over the API key's call budget (--ilert_api_rate): waited in place for their turn,"
                        + " or held (not sent, the worker freed) and told to come back after this time")
                .register(registry).record(wait.isNegative() ? Duration.ZERO : wait);
    }

    /** For {@link PolicyAudit}: every policy update outcome written to the history. */
    public void policyUpdate(PolicyAudit.Verdict outcome) {
        Counter.builder("ilagent.policy.updates").tag("outcome", label(outcome))
                .description("Policy updates by outcome").register(registry).increment();
    }

    /** Releases the GC listener; the registry itself holds nothing else outside. */
    public void close() {
        gc.close();
        registry.close();
    }

    private static boolean isReady(Health health, String component) {
        Health.State state = health.snapshot().get(component);
        return state != null && state.ready();
    }

    private static boolean isConnected(Health health, String source) {
        Health.State state = health.snapshot().get(source);
        return state != null && (state.ready() || Boolean.TRUE.equals(state.facts().get("connected")));
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

}
