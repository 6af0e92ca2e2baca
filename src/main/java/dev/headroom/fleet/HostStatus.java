package dev.headroom.fleet;

import dev.headroom.domain.Host;

/** A host with its current utilisation in percent; {@code NaN} when no sample is known. */
public record HostStatus(Host host, double cpuPercent, double memoryPercent) {
}
