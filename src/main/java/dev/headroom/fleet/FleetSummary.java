package dev.headroom.fleet;

/**
 * Totals over an account's hosts. Current load is capacity-weighted (a busy big host counts more
 * than a busy small one) over the hosts that have a sample; {@code NaN} when none has.
 */
public record FleetSummary(int hosts, int services, int regions, int zones, double cpuCores, double memoryGib,
                           double hourlyCostUsd, double cpuLoadPercent, double memoryLoadPercent) {
}
