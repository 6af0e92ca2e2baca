package dev.headroom.ui.rollouts;

import java.util.List;

/**
 * One part of a batch of a rollout: its hosts and how far its steps got. Part 0 is the batch as
 * planned; parts 1, 2… were split off after a partial reservation or queued again after a deferral
 * or a rollback, and are rows of their own ("batch 2.1").
 *
 * @param phase what it is doing or did, e.g. "waiting", "updating", "stabilising", "done", "failed: update web-1"
 * @param state the colour of the batch: the worst or most active state among its hosts
 * @param hold  why a hold step of this part paused the rollout, with what to do; empty when none did
 * @param held  true while the rollout waits at this part's hold for the operator
 */
public record BatchRow(int batch, int part, List<HostRow> hosts, int stepsDone, int steps, String phase,
                       HostState state, String hold, boolean held) {
    public BatchRow {
        hosts = List.copyOf(hosts);
    }

    /** "2" for the batch as planned, "2.1" for its first later part. */
    public String label() {
        return part == 0 ? Integer.toString(batch) : batch + "." + part;
    }

    /** "3/7 steps". */
    public String progressText() {
        return stepsDone + "/" + steps + " steps";
    }
}
