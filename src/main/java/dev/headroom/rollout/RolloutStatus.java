package dev.headroom.rollout;

import java.util.Locale;

/** A rollout's state as a whole. */
public enum RolloutStatus {
    /** A driver runs its steps in order. */
    RUNNING,
    /** An operator paused it; no step starts until it is resumed. */
    PAUSED,
    /** An operator aborted it; the driver releases reservations and rolls the current batch back. */
    ABORTING,
    /** The abort finished: no reservation held, the current batch's hosts on their previous version. */
    ABORTED,
    /** Every step is done. */
    DONE,
    /** A step failed; resuming retries it. */
    FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a driver still has work for it (paused and failed rollouts wait for an operator). */
    public boolean needsDriver() {
        return this == RUNNING || this == ABORTING;
    }

    public boolean finished() {
        return this == DONE || this == ABORTED;
    }

    public static RolloutStatus parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
