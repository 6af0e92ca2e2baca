package dev.headroom.plan.bench;

import dev.headroom.plan.PlanHost;
import dev.headroom.plan.PlanningProblem;
import dev.headroom.plan.ServiceDemand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fleet approaching its capacity, made from one that is not: every service's load — the
 * forecast the planner sees and the actual load the replay checks — multiplied by one factor,
 * chosen so that the busiest service's expected (median forecast) peak in the window reaches a
 * given share of its capacity. Equivalently, the same load on hosts with {@code 1 /
 * factor} of the cores: what a fleet looks like after growth, or after being right-sized.
 *
 * <p>Why: the sandbox's demo fleet keeps about 40 % headroom at its peak, so a 25 % rolling update
 * cannot break it and a replay there compares nothing; Headroom is for fleets where taking hosts
 * out matters. One factor for every service and both series keeps the forecast's errors, the
 * services' shapes and the order of who is busiest as generated; the factor is chosen from the
 * forecast alone, never from the actual load the replay scores.
 */
public final class BusyFleet {
    private BusyFleet() {
    }

    /** The scaled problem and actual load, and the factor applied. */
    public record Scaled(PlanningProblem problem, Map<String, double[]> actual, double factor) {
    }

    /**
     * Scales {@code problem} and {@code actual} so that the largest expected (median forecast)
     * utilisation of any service over the window is {@code peakUtilisation}.
     */
    public static Scaled atPeakUtilisation(PlanningProblem problem, Map<String, double[]> actual,
                                           double peakUtilisation) {
        if (!(peakUtilisation > 0 && peakUtilisation <= 1)) {
            throw new IllegalArgumentException("peak utilisation " + peakUtilisation + " must be in (0, 1]");
        }
        double peak = 0;
        for (ServiceDemand d : problem.demands().values()) {
            if (d.capacityCores() <= 0) {
                continue;
            }
            for (double v : d.expectedCores()) {
                peak = Math.max(peak, v / d.capacityCores());
            }
        }
        if (peak <= 0) {
            throw new IllegalArgumentException("the fleet has no forecast load to scale");
        }
        return scaled(problem, actual, peakUtilisation / peak);
    }

    /** Every service's forecast and actual load times {@code factor}; host load scores likewise (at most 100). */
    public static Scaled scaled(PlanningProblem problem, Map<String, double[]> actual, double factor) {
        Map<String, ServiceDemand> demands = new LinkedHashMap<>();
        problem.demands().forEach((s, d) -> demands.put(s, new ServiceDemand(d.service(), d.criticality(),
                d.capacityCores(), d.limit(), d.minHealthyFraction(), times(d.demandCores(), factor),
                times(d.expectedCores(), factor), d.limitReason())));
        List<PlanHost> hosts = new ArrayList<>();
        for (PlanHost h : problem.hosts()) {
            hosts.add(new PlanHost(h.id(), h.services(), h.region(), h.zone(), h.instanceType(), h.cores(),
                    h.criticality(), Math.min(100, h.loadScore() * factor), h.version(), h.targetVersion(),
                    h.updateSteps(), h.failureRate()));
        }
        Map<String, double[]> load = new LinkedHashMap<>();
        actual.forEach((s, a) -> load.put(s, times(a, factor)));
        PlanningProblem p = new PlanningProblem(problem.scenario(), problem.policy(), problem.start(), problem.step(),
                problem.steps(), hosts, demands, problem.surgeOptions(), problem.prerequisites(),
                problem.unplannable(), problem.notes());
        return new Scaled(p, load, factor);
    }

    private static double[] times(double[] values, double factor) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] * factor;
        }
        return out;
    }
}
