package dev.headroom.ui.fleet;

import dev.headroom.domain.Criticality;
import dev.headroom.domain.Host;
import dev.headroom.fleet.HostStatus;

import java.util.Locale;

/** One line of the Fleet table: a host and its current load. */
public record HostRow(String id, String services, String region, String zone, String instanceType,
                      String version, Criticality criticality, double cpuPercent, double memoryPercent,
                      double hourlyCostUsd) {

    public static HostRow of(HostStatus status) {
        Host h = status.host();
        return new HostRow(h.id(), String.join(", ", h.services()), h.region(), h.zone(), h.instanceType(),
                h.version(), h.criticality(), status.cpuPercent(), status.memoryPercent(), h.hourlyCostUsd());
    }

    /**
     * Whether every word of {@code query} occurs (case-insensitively) in one of the text fields,
     * so "eu-west critical" narrows to critical hosts in eu-west.
     */
    public boolean matches(String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        String haystack = String.join("\u0000", id, services, region, zone, instanceType, version,
                criticality.label()).toLowerCase(Locale.ROOT);
        for (String word : query.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
            if (!haystack.contains(word)) {
                return false;
            }
        }
        return true;
    }
}
