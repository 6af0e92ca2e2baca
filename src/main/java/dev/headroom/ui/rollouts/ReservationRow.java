package dev.headroom.ui.rollouts;

import java.util.OptionalDouble;

/**
 * One surge reservation of a rollout.
 *
 * @param part      the batch part that reserves it (0: the batch as planned)
 * @param what      "web · eu-west-1 · m6i.large"
 * @param granted   how many instances the provider granted; -1 before the reserve step answered
 * @param state     planned, reserving, held, released, failed or skipped
 * @param costSoFar the plan's price for it, in proportion to what was granted, once it was taken; empty
 *                  before, or when the plan's prices are not known
 */
public record ReservationRow(int batch, int part, String what, int count, int granted, String state, OptionalDouble costSoFar) {

    /** "2", or "2.1" for a reservation of a later part of batch 2. */
    public String batchLabel() {
        return part == 0 ? Integer.toString(batch) : batch + "." + part;
    }

    public boolean held() {
        return "held".equals(state);
    }
}
