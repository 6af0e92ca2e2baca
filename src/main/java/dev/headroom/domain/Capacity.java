package dev.headroom.domain;

/**
 * A host's capacity vector. Network and disk may be unknown (0) for hosts imported from files
 * that only carry CPU and memory.
 */
public record Capacity(double cpuCores, double memoryGib, double networkGbps, double diskMBps) {
    public Capacity {
        Check.positive("cpu_cores", cpuCores);
        Check.positive("memory_gib", memoryGib);
        Check.finiteNonNegative("network_gbps", networkGbps);
        Check.finiteNonNegative("disk_mbps", diskMBps);
    }

    public Capacity plus(Capacity other) {
        return new Capacity(cpuCores + other.cpuCores, memoryGib + other.memoryGib,
                networkGbps + other.networkGbps, diskMBps + other.diskMBps);
    }

    /** Capacity in the unit of the given metric (cores, GiB, Gbit/s, MB/s). */
    public double of(Metric metric) {
        return switch (metric) {
            case CPU -> cpuCores;
            case MEMORY -> memoryGib;
            case NETWORK -> networkGbps;
            case DISK -> diskMBps;
        };
    }
}
