package dev.headroom.plan;

import dev.headroom.domain.Criticality;

import java.util.List;

/**
 * A host as the planner sees it.
 *
 * @param services        workloads on the host; its cores are shared equally between them
 * @param cores           CPU cores of the host
 * @param loadScore       predicted utilisation over the window at the policy's quantile, 0–100 (seed 001)
 * @param updateSteps     planning steps the update takes, at the impact model's upper estimate
 * @param failureRate     probability that the update fails or is rolled back (impact model)
 * @param targetVersion   version of the service's release; empty when the host needs no update
 */
public record PlanHost(String id, List<String> services, String region, String zone, String instanceType,
                       double cores, Criticality criticality, double loadScore, String version,
                       String targetVersion, int updateSteps, double failureRate) {
    public PlanHost {
        services = List.copyOf(services);
        if (services.isEmpty()) {
            throw new IllegalArgumentException("host " + id + " runs no service");
        }
        if (updateSteps < 1) {
            throw new IllegalArgumentException("host " + id + " must take at least one step to update");
        }
    }

    /** Cores one of the host's services loses while the host is out. */
    public double coresPerService() {
        return cores / services.size();
    }

    public boolean needsUpdate() {
        return !targetVersion.isEmpty() && !targetVersion.equals(version);
    }

    /** The service the host is updated for: its first service with a release. */
    public String service() {
        return services.get(0);
    }
}
