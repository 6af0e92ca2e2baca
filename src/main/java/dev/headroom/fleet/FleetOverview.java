package dev.headroom.fleet;

import dev.headroom.domain.Account;

import java.time.Instant;
import java.util.List;

/** What the Fleet view and the {@code fleet} command show: hosts with current load, and totals. */
public record FleetOverview(Account account, Instant at, List<HostStatus> hosts, FleetSummary summary) {
    public FleetOverview {
        hosts = List.copyOf(hosts);
    }
}
