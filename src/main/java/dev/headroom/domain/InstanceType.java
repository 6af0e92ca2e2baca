package dev.headroom.domain;

/**
 * A machine size offered in a region, with its on-demand and spot hourly price. Surge capacity
 * is bought in these units.
 */
public record InstanceType(String name, String region, Capacity capacity, double onDemandHourlyUsd,
                           double spotHourlyUsd) {
    public InstanceType {
        Check.id("instance_type", name);
        Check.id("region", region);
        Check.notNull("capacity", capacity);
        Check.positive("on_demand_hourly_usd", onDemandHourlyUsd);
        Check.positive("spot_hourly_usd", spotHourlyUsd);
        if (spotHourlyUsd > onDemandHourlyUsd) {
            throw new DomainException("spot_hourly_usd",
                    "spot price " + spotHourlyUsd + " is above the on-demand price " + onDemandHourlyUsd);
        }
    }
}
