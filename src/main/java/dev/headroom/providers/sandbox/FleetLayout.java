package dev.headroom.providers.sandbox;

import dev.headroom.providers.sandbox.SandboxCatalog.Region;
import dev.headroom.providers.sandbox.SandboxCatalog.ServiceSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where the replicas of each service run: how many hosts per service and region, in which zone,
 * and what share of the service's regional load each one carries.
 */
final class FleetLayout {

    /**
     * The replicas of one service in one region. {@code nominalReplicas} is the fractional count
     * the load would ask for; rounding makes some groups a little hotter or cooler than others.
     */
    record Group(int index, ServiceSpec service, Region region, double nominalReplicas,
                 List<Integer> hosts) {
    }

    /** One host: {@code loadShare} is the fraction of its group's nominal load it carries. */
    record Slot(int index, String id, ServiceSpec service, Region region, String zone, int group, double loadShare) {
    }

    final List<Region> regions;
    final List<Group> groups;
    final List<Slot> slots;

    private FleetLayout(List<Region> regions, List<Group> groups, List<Slot> slots) {
        this.regions = regions;
        this.groups = groups;
        this.slots = slots;
    }

    /**
     * Spreads {@code hostCount} hosts over services and regions in proportion to their load, with
     * at least one replica per zone. Small fleets use fewer regions rather than starving services.
     */
    static FleetLayout plan(int hostCount, SplittableRandom random) {
        List<ServiceSpec> services = SandboxCatalog.SERVICES;
        int regionCount = Math.min(SandboxCatalog.REGIONS.size(), Math.max(1, hostCount / (2 * services.size())));
        List<Region> regions = SandboxCatalog.REGIONS.subList(0, regionCount);
        double shareSum = regions.stream().mapToDouble(Region::trafficShare).sum();
        double weightSum = services.stream().mapToDouble(ServiceSpec::replicaWeight).sum();

        int pairs = regions.size() * services.size();
        double[] nominal = new double[pairs];
        int[] count = new int[pairs];
        for (int r = 0; r < regions.size(); r++) {
            for (int s = 0; s < services.size(); s++) {
                int p = r * services.size() + s;
                nominal[p] = hostCount * services.get(s).replicaWeight() / weightSum
                        * regions.get(r).trafficShare() / shareSum;
                count[p] = Math.max(2, (int) Math.floor(nominal[p]));
            }
        }
        balance(hostCount, nominal, count);

        List<Group> groups = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        for (int r = 0; r < regions.size(); r++) {
            Region region = regions.get(r);
            for (int s = 0; s < services.size(); s++) {
                int p = r * services.size() + s;
                ServiceSpec service = services.get(s);
                double[] imbalance = imbalance(count[p], random);
                List<Integer> members = new ArrayList<>();
                for (int i = 0; i < count[p]; i++) {
                    int index = slots.size();
                    String id = String.format("%s-%s-%02d", region.shortName(), service.name(), i + 1);
                    String zone = region.zones().get(i % region.zones().size());
                    double share = (1 + imbalance[i]) / count[p];
                    slots.add(new Slot(index, id, service, region, zone, groups.size(), share));
                    members.add(index);
                }
                groups.add(new Group(groups.size(), service, region, nominal[p],
                        Collections.unmodifiableList(members)));
            }
        }
        return new FleetLayout(regions, List.copyOf(groups), List.copyOf(slots));
    }

    /**
     * How hard the host works compared with a replica of a group sized exactly to its load: above 1
     * when rounding left the group a host short, below 1 where the one-per-zone floor added hosts.
     */
    double pressure(Slot slot) {
        Group g = groups.get(slot.group());
        return slot.loadShare() * g.nominalReplicas();
    }

    /** Adds or removes hosts where rounding left the largest gap until the total is exact. */
    private static void balance(int hostCount, double[] nominal, int[] count) {
        int total = 0;
        for (int c : count) {
            total += c;
        }
        while (total != hostCount) {
            int best = -1;
            double bestGap = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < count.length; p++) {
                double gap = total < hostCount ? nominal[p] - count[p] : count[p] - nominal[p];
                if ((total < hostCount || count[p] > 2) && gap > bestGap) {
                    bestGap = gap;
                    best = p;
                }
            }
            count[best] += total < hostCount ? 1 : -1;
            total += total < hostCount ? 1 : -1;
        }
    }

    /** Load balancers are never perfectly even: a few percent per replica, summing to zero. */
    private static double[] imbalance(int n, SplittableRandom random) {
        double[] d = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            d[i] = 0.05 * random.nextGaussian();
            mean += d[i] / n;
        }
        for (int i = 0; i < n; i++) {
            d[i] -= mean;
        }
        return d;
    }
}
