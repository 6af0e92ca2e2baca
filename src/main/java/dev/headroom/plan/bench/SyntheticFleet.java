package dev.headroom.plan.bench;

import dev.headroom.domain.Criticality;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Window;
import dev.headroom.plan.PlanHost;
import dev.headroom.plan.PlanningProblem;
import dev.headroom.plan.ServiceDemand;
import dev.headroom.plan.SurgeOption;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Generated planning problems of any size for benchmarks: 20 services over 3 regions, service
 * sizes skewed (a few large services, many small ones), a few shared hosts, daily-shaped demand
 * with the evening peak at the window's start and a night trough, some services hot enough at the
 * peak that taking hosts out needs surge, releases for 16 services of which a few require others,
 * and update durations of 10–30 minutes. The same size and seed give the same problem.
 */
public final class SyntheticFleet {
    public static final int SERVICES = 20;
    public static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-1");
    /** Start of every generated window: an evening, so the window runs from the daily peak into the night. */
    public static final Instant START = Instant.parse("2026-11-23T18:00:00Z");
    public static final Duration STEP = Duration.ofMinutes(10);
    public static final int STEPS = 72;

    private static final double[] CORES = {2, 4, 8, 16};
    private static final Criticality[] CRITICALITY = Criticality.values();

    private SyntheticFleet() {
    }

    /** A fleet of {@code hosts} hosts planned under the default policy over a 12-hour window. */
    public static PlanningProblem problem(int hosts, long seed) {
        return problem(hosts, seed, Policy.DEFAULT);
    }

    /** The same fleet under {@code policy}; the policy's window is replaced by the generated one. */
    public static PlanningProblem problem(int hosts, long seed, Policy policy) {
        if (hosts < SERVICES) {
            throw new IllegalArgumentException("a synthetic fleet needs at least " + SERVICES + " hosts");
        }
        Random random = new Random(seed);
        Policy p = policy.withWindow(new Window(START, START.plus(STEP.multipliedBy(STEPS))));

        List<String> names = new ArrayList<>();
        double[] weight = new double[SERVICES];
        double[] utilisation = new double[SERVICES];
        double[] cores = new double[SERVICES];
        int[] updateSteps = new int[SERVICES];
        double[] failure = new double[SERVICES];
        int[] homeRegion = new int[SERVICES];
        double total = 0;
        for (int s = 0; s < SERVICES; s++) {
            names.add(String.format(Locale.ROOT, "svc-%02d", s + 1));
            weight[s] = 1.0 / Math.pow(s % 7 + 1, 0.8) * (0.7 + 0.6 * random.nextDouble());
            total += weight[s];
            // most services have headroom at the peak; every fourth runs hot
            utilisation[s] = s % 4 == 1 ? 0.62 + 0.06 * random.nextDouble() : 0.30 + 0.22 * random.nextDouble();
            cores[s] = CORES[random.nextInt(CORES.length)];
            updateSteps[s] = 1 + random.nextInt(3);
            failure[s] = 0.01 + 0.05 * random.nextDouble();
            homeRegion[s] = random.nextInt(REGIONS.size());
        }

        // every service gets at least one host; the rest are spread by weight
        List<PlanHost> fleet = new ArrayList<>();
        int[] perService = new int[SERVICES];
        for (int s = 0; s < SERVICES; s++) {
            perService[s] = 1;
        }
        for (int i = SERVICES; i < hosts; i++) {
            double r = random.nextDouble() * total;
            int s = 0;
            while (s < SERVICES - 1 && r > weight[s]) {
                r -= weight[s];
                s++;
            }
            perService[s]++;
        }
        boolean[] releasing = new boolean[SERVICES];
        for (int s = 0; s < SERVICES; s++) {
            releasing[s] = s < 16;
        }
        int id = 0;
        for (int s = 0; s < SERVICES; s++) {
            for (int k = 0; k < perService[s]; k++) {
                // half of a service's hosts in its home region, the rest spread over all three
                int region = random.nextDouble() < 0.5 ? homeRegion[s] : random.nextInt(REGIONS.size());
                List<String> services = new ArrayList<>(List.of(names.get(s)));
                if (random.nextDouble() < 0.04) {
                    int other = (s + 1 + random.nextInt(SERVICES - 1)) % SERVICES;
                    services.add(names.get(other));
                }
                String version = "1.0";
                String target = releasing[s] ? (random.nextDouble() < 0.03 ? "1.0" : "2.0") : "";
                double relative = 0.8 + 0.4 * random.nextDouble();
                fleet.add(new PlanHost(String.format(Locale.ROOT, "h-%05d", ++id), services,
                        REGIONS.get(region), REGIONS.get(region) + "-" + (char) ('a' + random.nextInt(3)),
                        "m5." + (int) cores[s] + "c", cores[s], CRITICALITY[s % CRITICALITY.length],
                        Math.min(100, 100 * utilisation[s] * 1.1 * relative), version, target, updateSteps[s],
                        failure[s]));
            }
        }

        Map<String, Double> capacity = new HashMap<>();
        for (PlanHost h : fleet) {
            for (String s : h.services()) {
                capacity.merge(s, h.coresPerService(), Double::sum);
            }
        }
        Map<String, ServiceDemand> demands = new LinkedHashMap<>();
        for (int s = 0; s < SERVICES; s++) {
            String name = names.get(s);
            double cap = capacity.getOrDefault(name, 0.0);
            double[] demand = new double[STEPS];
            double[] expected = new double[STEPS];
            double peakHour = 19 + 2 * random.nextDouble();
            for (int t = 0; t < STEPS; t++) {
                double hour = 18 + t * STEP.toMinutes() / 60.0;
                double shape = 0.55 + 0.45 * Math.cos(2 * Math.PI * (hour - peakHour) / 24);
                expected[t] = cap * utilisation[s] * shape * (0.97 + 0.06 * random.nextDouble());
                demand[t] = expected[t] * (1.10 + 0.06 * random.nextDouble());
            }
            demands.put(name, new ServiceDemand(name, CRITICALITY[s % CRITICALITY.length], cap,
                    1 - p.safetyMargin(), p.minHealthyFraction(), demand, expected, ""));
        }

        Map<String, List<SurgeOption>> surge = new HashMap<>();
        for (int r = 0; r < REGIONS.size(); r++) {
            double factor = 1 + 0.1 * r;
            String region = REGIONS.get(r);
            surge.put(region, List.of(
                    new SurgeOption(region, "c5.large", 2, 0.085 * factor, 0.035 * factor),
                    new SurgeOption(region, "c5.xlarge", 4, 0.17 * factor, 0.068 * factor),
                    new SurgeOption(region, "c5.2xlarge", 8, 0.34 * factor, 0.14 * factor)));
        }

        // a few releases require one or two of the first five services, which require nothing themselves
        Map<String, Set<String>> prerequisites = new HashMap<>();
        int[] dependents = {5, 8, 11, 13, 15};
        for (int s : dependents) {
            Set<String> before = new TreeSet<>();
            before.add(names.get(random.nextInt(5)));
            if (random.nextBoolean()) {
                before.add(names.get(random.nextInt(5)));
            }
            prerequisites.put(names.get(s), before);
        }
        return new PlanningProblem("synthetic-" + hosts + "-" + seed, p, START, STEP, STEPS, fleet, demands, surge,
                prerequisites, Map.of(), List.of());
    }
}
