package io.ilagent.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ValueNode;

/**
 * Reads JSON whose numbers fit a 64-bit float. Jackson turns a number beyond that range (e.g. {@code 1e400})
 * into Infinity, which the agent would forward to ilert as the string "Infinity"; ilagent 0.9.0 (serde_json)
 * refused such input as "number out of range", and so does this, at parse time.
 */
public final class FiniteNumbers extends JsonNodeFactory {
    public static final String OUT_OF_RANGE = "number out of range (beyond a 64-bit float)";

    private FiniteNumbers() {
        super(false);
    }

    /** {@code mapper} reading trees with this node factory. */
    public static ObjectMapper applyTo(ObjectMapper mapper) {
        return mapper.setNodeFactory(new FiniteNumbers());
    }

    /** The one-line reason when {@code e} (from readTree) is this refusal, else empty. */
    public static java.util.Optional<String> refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfRange) {
                return java.util.Optional.of(OUT_OF_RANGE);
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public NumericNode numberNode(double v) {
        return super.numberNode(finite(v));
    }

    @Override
    public ValueNode numberNode(Double v) {
        return super.numberNode(v == null ? null : finite(v));
    }

    @Override
    public NumericNode numberNode(float v) {
        return super.numberNode((float) finite(v));
    }

    private static double finite(double v) {
        if (!Double.isFinite(v)) {
            throw new OutOfRange();
        }
        return v;
    }

    /** Thrown from inside readTree; callers turn it into {@link #OUT_OF_RANGE}. */
    private static final class OutOfRange extends RuntimeException {
        OutOfRange() {
            super(OUT_OF_RANGE, null, false, false);
        }
    }
}
