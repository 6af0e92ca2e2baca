package dev.headroom.plan;

import dev.headroom.domain.Objective;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a plan's batches against a load (the forecast quantile, or actual load in a replay),
 * step by step: which capacity each service keeps in service, what surge adds, and where the
 * capacity rule breaks. Every planner's output goes through here, so the figures a plan
 * reports are measured the same way for Headroom and for the baselines.
 */
public final class PlanCheck {
    /** Power drawn per surge core, for the energy term: a typical server's ~10 W per loaded core. */
    public static final double WATTS_PER_CORE = 10;
    /**
     * Chance per hour that a spot instance is taken back mid-batch. Deliberately pessimistic:
     * providers publish interruption frequencies of under 5–20 % a month for most types.
     */
    public static final double SPOT_INTERRUPTIONS_PER_HOUR = 0.01;
    /** Risk of one interrupted spot instance: like a failed update of a medium-criticality host. */
    public static final double SPOT_RISK_PER_INSTANCE = 0.5;

    private PlanCheck() {
    }

    /** Per service: cores in service and surge cores at every step of the window. */
    public record Timeline(Map<String, double[]> inService, Map<String, double[]> surge, Map<String, boolean[]> out) {
        public double available(String service, int step) {
            return inService.get(service)[step] + surge.get(service)[step];
        }
    }

    /**
     * A step where a service's load exceeds what it may use.
     *
     * @param shortCores   cores missing at that step
     * @param planCaused   whether one of its hosts was out (else it would be short with every host in)
     */
    public record Violation(String service, int step, double loadCores, double usableCores, double shortCores,
                            boolean planCaused) {
    }

    public static Timeline timeline(PlanningProblem problem, List<Plan.Batch> batches) {
        Map<String, double[]> inService = new HashMap<>();
        Map<String, double[]> surge = new HashMap<>();
        Map<String, boolean[]> out = new HashMap<>();
        for (ServiceDemand d : problem.demands().values()) {
            double[] cap = new double[problem.steps()];
            java.util.Arrays.fill(cap, d.capacityCores());
            inService.put(d.service(), cap);
            surge.put(d.service(), new double[problem.steps()]);
            out.put(d.service(), new boolean[problem.steps()]);
        }
        Map<String, PlanHost> hosts = new HashMap<>();
        problem.hosts().forEach(h -> hosts.put(h.id(), h));
        for (Plan.Batch b : batches) {
            Set<String> migrated = new HashSet<>();
            b.migrations().forEach(m -> migrated.add(m.fromHost() + "\u0000" + m.service()));
            for (String id : b.hosts()) {
                PlanHost h = hosts.get(id);
                for (String s : h.services()) {
                    double[] cap = inService.get(s);
                    boolean[] o = out.get(s);
                    for (int t = b.startStep(); t < Math.min(b.endStep(), problem.steps()); t++) {
                        cap[t] -= h.coresPerService();
                        o[t] = true;
                    }
                }
            }
            for (Plan.Reservation r : b.reservations()) {
                double[] s = surge.get(r.service());
                // surge counts only while the batch's hosts are out: before that it is still starting,
                // after that it is only kept for the stabilisation period
                for (int t = Math.max(0, b.startStep()); t < Math.min(b.endStep(), problem.steps()); t++) {
                    s[t] += r.cores();
                }
            }
        }
        return new Timeline(inService, surge, out);
    }

    /**
     * Steps where {@code load} exceeds the usable capacity. With {@code limited} the usable
     * capacity is the service's utilisation limit times what is in service (the capacity rule on
     * the forecast); without it, the whole capacity (a replay: load above capacity is lost work).
     */
    public static List<Violation> violations(PlanningProblem problem, Timeline timeline,
                                             Function<ServiceDemand, double[]> load, boolean limited, int untilStep) {
        List<Violation> out = new ArrayList<>();
        for (ServiceDemand d : problem.demands().values()) {
            double[] l = load.apply(d);
            double factor = limited ? d.limit() : 1.0;
            for (int t = 0; t < Math.min(untilStep, problem.steps()); t++) {
                double usable = timeline.available(d.service(), t) * factor;
                // a relative tolerance keeps float noise from counting as a violation
                if (l[t] > usable * (1 + 1e-9) + 1e-9) {
                    out.add(new Violation(d.service(), t, l[t], usable, l[t] - usable, timeline.out().get(d.service())[t]));
                }
            }
        }
        return out;
    }

    /** The smallest spare fraction of available capacity against the forecast quantile, up to {@code untilStep}. */
    public static double minHeadroom(PlanningProblem problem, Timeline timeline, int untilStep) {
        double min = 1;
        for (ServiceDemand d : problem.demands().values()) {
            for (int t = 0; t < Math.min(Math.max(untilStep, 1), problem.steps()); t++) {
                double available = timeline.available(d.service(), t);
                double spare = available <= 0 ? (d.demandAt(t) > 0 ? -1 : 0) : 1 - d.demandAt(t) / available;
                min = Math.min(min, spare);
            }
        }
        return min;
    }

    /** The summary of batches made for {@code problem}, measured on its forecast. */
    public static Plan.Summary summarise(PlanningProblem problem, List<Plan.Batch> batches, int unplanned,
                                         Objective objective, Optional<Double> gap) {
        int end = batches.stream().mapToInt(Plan.Batch::endStep).max().orElse(0);
        Timeline timeline = timeline(problem, batches);
        int violations = (int) violations(problem, timeline, ServiceDemand::demandCores, true, end).stream()
                .filter(Violation::planCaused).count();
        double cost = batches.stream().mapToDouble(Plan.Batch::surgeCostUsd).sum();
        double kwh = 0;
        double spotRisk = 0;
        for (Plan.Batch b : batches) {
            for (Plan.Reservation r : b.reservations()) {
                double hours = (r.toStep() - r.fromStep()) * problem.stepHours();
                kwh += r.cores() * hours * WATTS_PER_CORE / 1000;
                if (r.spot()) {
                    spotRisk += spotRisk(r.count(), hours);
                }
            }
        }
        Map<String, PlanHost> hosts = new HashMap<>();
        problem.hosts().forEach(h -> hosts.put(h.id(), h));
        double risk = spotRisk;
        for (Plan.Batch b : batches) {
            for (String id : b.hosts()) {
                PlanHost h = hosts.get(id);
                risk += h.criticality().score() * h.failureRate();
            }
        }
        long minutes = problem.step().multipliedBy(end).toMinutes();
        double value = objective.value(minutes / 60.0, cost, kwh, risk)
                // every host left out costs more than any window could: planning it is the point
                + unplanned * objective.perWindowHour() * problem.steps() * problem.stepHours();
        // rounded as plan.json writes them, so a plan read back compares equal to the one written
        return new Plan.Summary(minutes, round(cost, 4), round(minHeadroom(problem, timeline, end), 4), violations, gap,
                round(risk, 4), round(kwh, 3), unplanned == 0, round(value, 4));
    }

    /** The risk of holding {@code count} spot instances for {@code hours}. */
    public static double spotRisk(int count, double hours) {
        return count * SPOT_RISK_PER_INSTANCE * Math.min(1, SPOT_INTERRUPTIONS_PER_HOUR * hours);
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
