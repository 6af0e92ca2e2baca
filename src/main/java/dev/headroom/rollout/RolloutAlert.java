package dev.headroom.rollout;

import java.time.Instant;

/**
 * Something the operator should know about a running rollout: a deviation of actual load from the
 * forecast, a deferral, a reservation that keeps failing, a predictive pause.
 *
 * @param at       when it was raised, on the rollout's clock
 * @param severity info, warning or critical
 * @param subject  the service, host or reservation it is about
 * @param message  in operator words, with what to do
 */
public record RolloutAlert(String rolloutId, Instant at, Severity severity, String subject, String message) {
    public enum Severity { INFO, WARNING, CRITICAL }
}
