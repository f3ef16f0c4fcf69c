package io.ilagent.pipeline;

/** One of the payload's own ilert-named fields: absent (or null), present with the right type, or invalid. */
sealed interface PayloadField<T> {

    record Absent<T>() implements PayloadField<T> {}

    record Present<T>(T value) implements PayloadField<T> {}

    record Invalid<T>(String reason) implements PayloadField<T> {}
}
