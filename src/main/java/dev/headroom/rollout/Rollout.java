package dev.headroom.rollout;

import java.time.Duration;
import java.time.Instant;

/**
 * A rollout of an approved plan, as stored.
 *
 * @param contentHash the approved content it executes
 * @param detail      the last thing worth telling the operator (why it stopped, failed or finished)
 * @param settings    what it was launched with (speed, plan start, shadow services)
 */
public record Rollout(String id, String account, String scenario, String contentHash, long approvalId,
                      RolloutStatus status, Instant created, Instant updated, String detail,
                      RolloutSettings settings) {

    /** A rollout with the settings of one stored before schema 8 (real time, no shadow). */
    public Rollout(String id, String account, String scenario, String contentHash, long approvalId,
                   RolloutStatus status, Instant created, Instant updated, String detail) {
        this(id, account, scenario, contentHash, approvalId, status, created, updated, detail,
                RolloutSettings.legacy(created));
    }

    /**
     * The fleet's time when the rollout's clock reads {@code now}: the plan window's start plus the
     * time since launch, sped up by the rollout's speed. Forecasts, observations and version
     * triggers are laid out on it.
     */
    public Instant planTime(Instant now) {
        Duration since = Duration.between(created, now);
        return settings.planStart().plusNanos(Math.round(since.toNanos() * settings.speed()));
    }

    /** How long {@code planPeriod} of plan time takes on the rollout's clock. */
    public Duration onClock(Duration planPeriod) {
        return Duration.ofNanos(Math.round(planPeriod.toNanos() / settings.speed()));
    }
}
