package io.ilagent.ilert;

/** Event priority as ilert accepts it. */
public enum Priority {
    HIGH, LOW
}
