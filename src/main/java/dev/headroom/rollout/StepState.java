package dev.headroom.rollout;

import java.util.Locale;

/** Where a step is; a step only ever moves forward, except that resuming a failed rollout retries its failed step. */
public enum StepState {
    /** Not begun. */
    PENDING,
    /** Committed as begun; the provider may or may not have acted. Resuming re-issues it with its same key. */
    STARTED,
    /** The provider answered and the answer is stored. */
    DONE,
    /** The provider refused or the host was unhealthy; the rollout stopped here. */
    FAILED,
    /** Cancelled by an abort before it began. */
    SKIPPED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StepState parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
