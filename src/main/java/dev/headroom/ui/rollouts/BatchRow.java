package dev.headroom.ui.rollouts;

import java.util.List;

/**
 * One batch of a rollout: its hosts and how far its steps got.
 *
 * @param phase what it is doing or did, e.g. "waiting", "updating", "stabilising", "done", "failed: update web-1"
 * @param state the colour of the batch: the worst or most active state among its hosts
 */
public record BatchRow(int batch, List<HostRow> hosts, int stepsDone, int steps, String phase, HostState state) {
    public BatchRow {
        hosts = List.copyOf(hosts);
    }

    /** "3/7 steps". */
    public String progressText() {
        return stepsDone + "/" + steps + " steps";
    }
}
