package io.ilagent.sim;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh {@link IlertSimulator} per test, used via {@code @RegisterExtension}. After each test it
 * fails the test if the simulator saw a request that breaks the ilert schema, unless the test
 * (or its class) is annotated {@link ExpectSchemaViolations}.
 */
public final class IlertSimulatorExtension implements BeforeEachCallback, AfterEachCallback {
    private final UnaryOperator<IlertSimulator.Builder> settings;
    private IlertSimulator sim;

    public IlertSimulatorExtension() {
        this(UnaryOperator.identity());
    }

    /** With settings, e.g. {@code b -> b.apiKey("abc")}. */
    public IlertSimulatorExtension(UnaryOperator<IlertSimulator.Builder> settings) {
        this.settings = settings;
    }

    /** The running simulator of the current test. */
    public IlertSimulator sim() {
        if (sim == null) {
            throw new IllegalStateException("the simulator runs only during a test");
        }
        return sim;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        sim = settings.apply(IlertSimulator.builder()).start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        boolean expected = context.getRequiredTestMethod().isAnnotationPresent(ExpectSchemaViolations.class)
                || context.getRequiredTestClass().isAnnotationPresent(ExpectSchemaViolations.class);
        List<SchemaViolation> violations;
        try {
            violations = sim.violations();
        } finally {
            sim.close();
            sim = null;
        }
        failOnUnexpected(violations, expected);
    }

    static void failOnUnexpected(List<SchemaViolation> violations, boolean expected) {
        if (!expected && !violations.isEmpty()) {
            StringBuilder text = new StringBuilder("the ilert simulator saw requests that break the ilert schema:");
            violations.forEach(v -> text.append("\n  ").append(v));
            throw new AssertionError(text.toString());
        }
    }
}
