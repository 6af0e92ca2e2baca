package dev.headroom.rollout;

/**
 * What a shadow run saw: the old and new versions side by side on the same traffic.
 *
 * @param oldErrorRate / newErrorRate fraction of failed requests (0 to 1)
 * @param oldLatencyMs / newLatencyMs p95 response time
 * @param newHealthy  whether the new version passed every health check of the period
 */
public record ShadowReport(double oldErrorRate, double newErrorRate, double oldLatencyMs, double newLatencyMs,
                           boolean newHealthy) {
}
