package io.ilagent.delivery;

import java.util.random.RandomGenerator;

/** A "random" source that always draws the same fraction, so jittered delays are exact. */
record FixedRandom(double fraction) implements RandomGenerator {
    @Override
    public double nextDouble() {
        return fraction;
    }

    @Override
    public long nextLong() {
        throw new UnsupportedOperationException("Backoff only draws doubles");
    }
}
