package dev.headroom.ui.rollouts;

import dev.headroom.rollout.Rollout;

/**
 * A rollout in the list.
 *
 * @param stepsDone steps done so far
 * @param steps     steps that will run: every step but skipped ones
 */
public record RolloutRow(Rollout rollout, int stepsDone, int steps) {

    public String id() {
        return rollout.id();
    }

    /** "12/21". */
    public String progressText() {
        return stepsDone + "/" + steps;
    }
}
