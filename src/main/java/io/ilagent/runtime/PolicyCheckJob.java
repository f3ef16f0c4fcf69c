package io.ilagent.runtime;

import io.ilagent.config.PolicySettings;
import io.ilagent.delivery.DeliveryResult;
import io.ilagent.policy.DriftCheck;
import io.ilagent.policy.DriftCheck.Finding;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's drift check ({@code --policy_check_interval}): every interval, a WARN line for each level
 * newly found changed in ilert (the check records a DRIFT row), the number of drifted levels as a gauge,
 * and with {@code --policy_repair} the agent's user put back. The first check runs one interval after
 * start, so that updates waiting from before a restart are applied first.
 */
final class PolicyCheckJob implements Component {
    private static final Logger log = LoggerFactory.getLogger(PolicyCheckJob.class);

    private final DriftCheck check;
    private final Duration interval;
    private final boolean repair;
    private final AtomicInteger drifted = new AtomicInteger();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("policy-check").daemon().factory());

    PolicyCheckJob(DriftCheck check, Duration interval, boolean repair, Metrics metrics) {
        this.check = check;
        this.interval = interval;
        this.repair = repair;
        metrics.watchDriftedLevels(drifted);
    }

    /** The job when {@code --policy_check_interval} asks for one; the check is built only then. */
    static Optional<Component> of(PolicySettings settings, Supplier<DriftCheck> check, Metrics metrics) {
        return settings.checkInterval().isZero() ? Optional.empty()
                : Optional.of(new PolicyCheckJob(check.get(), settings.checkInterval(), settings.repair(), metrics));
    }

    @Override
    public String name() {
        return "policy-check";
    }

    @Override
    public void start() {
        timer.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop(Duration timeout) throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            List<Finding> findings = check.check();
            List<Finding.Drifted> found = findings.stream()
                    .flatMap(f -> f instanceof Finding.Drifted d ? Stream.of(d) : Stream.empty()).toList();
            found.stream().filter(d -> !d.reportedBefore()).forEach(d -> log.warn("Policy level changed in ilert since the "
                    + "agent set it: {}", d.describe()));
            findings.stream().filter(f -> f instanceof Finding.Unchecked).forEach(f -> log.warn("Policy level {}", f.describe()));
            drifted.set(repair ? repairAll(found) : found.size());
            log.info("Policy check: {} levels checked, {} drifted", findings.size(), found.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping
        } catch (RuntimeException e) {
            log.warn("Policy check failed, trying again in {} s: {}", interval.toSeconds(), e.toString());
        }
    }

    /** Repairs each drifted level; returns how many are still drifted. */
    private int repairAll(List<Finding.Drifted> found) throws InterruptedException {
        int left = 0;
        for (Finding.Drifted d : found) {
            DeliveryResult result = check.repair(d);
            if (result instanceof DeliveryResult.Delivered done) {
                log.warn("Policy level repaired (--policy_repair): {}: {}", d.describe(), done.note());
            } else {
                left++;
                log.warn("Policy level not repaired: {}: {}", d.describe(), result);
            }
        }
        return left;
    }
}
