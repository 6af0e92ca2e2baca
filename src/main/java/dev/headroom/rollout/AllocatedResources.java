package dev.headroom.rollout;

import java.util.Locale;

/**
 * Resources allocated to a host for its update (seed 000's "Allocated Resources: CPU, Memory,
 * Network, Disk"), in cores, GiB, Gbit/s and MB/s.
 */
public record AllocatedResources(double cpuCores, double memoryGib, double networkGbps, double diskMBps) {
    public static final AllocatedResources NONE = new AllocatedResources(0, 0, 0, 0);

    public AllocatedResources {
        for (double v : new double[] {cpuCores, memoryGib, networkGbps, diskMBps}) {
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("allocated resources must be finite and at least 0");
            }
        }
    }

    /** Whether every resource covers {@code needed}'s. */
    public boolean covers(AllocatedResources needed) {
        return cpuCores >= needed.cpuCores && memoryGib >= needed.memoryGib && networkGbps >= needed.networkGbps
                && diskMBps >= needed.diskMBps;
    }

    /** The first resource that falls short of {@code needed}, in operator words; empty when none does. */
    public String shortfall(AllocatedResources needed) {
        if (cpuCores < needed.cpuCores) {
            return "CPU " + num(cpuCores) + " cores allocated, " + num(needed.cpuCores) + " needed";
        }
        if (memoryGib < needed.memoryGib) {
            return "memory " + num(memoryGib) + " GiB allocated, " + num(needed.memoryGib) + " needed";
        }
        if (networkGbps < needed.networkGbps) {
            return "network " + num(networkGbps) + " Gbps allocated, " + num(needed.networkGbps) + " needed";
        }
        if (diskMBps < needed.diskMBps) {
            return "disk " + num(diskMBps) + " MB/s allocated, " + num(needed.diskMBps) + " needed";
        }
        return "";
    }

    static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    }
}
