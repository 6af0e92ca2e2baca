package dev.headroom.plan;

/**
 * An instance type that can add capacity to a service in a region for the duration of a batch.
 */
public record SurgeOption(String region, String instanceType, double cores, double onDemandHourlyUsd,
                          double spotHourlyUsd) {
    /** The hourly price under the policy: spot when allowed and offered, else on-demand. */
    public double hourlyUsd(boolean spotAllowed) {
        return useSpot(spotAllowed) ? spotHourlyUsd : onDemandHourlyUsd;
    }

    public boolean useSpot(boolean spotAllowed) {
        return spotAllowed && spotHourlyUsd > 0 && spotHourlyUsd < onDemandHourlyUsd;
    }
}
