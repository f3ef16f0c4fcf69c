package io.ilagent.sim;

import java.time.Instant;

/** A heartbeat ping; {@code legacy} for {@code /api/heartbeats/{key}}, else {@code /api/pings/{key}}. */
public record ReceivedPing(Instant time, String method, String key, boolean legacy) {}
