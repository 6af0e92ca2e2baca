package dev.headroom.ui.plan;

import java.util.List;

/**
 * What the page says about the selected batch: when, its hosts (with the reason each is in it),
 * its surge reservations, the workloads it moves, and the constraint that stopped it growing.
 */
public record BatchDetails(String title, String when, List<ReasonRow> hosts, List<String> reservations,
                           List<String> migrations, String binding) {
}
