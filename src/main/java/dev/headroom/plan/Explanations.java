package dev.headroom.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plan-wide explanations in operator words: infeasibility, and shortfalls no plan causes. */
public final class Explanations {
    private Explanations() {
    }

    /**
     * Services whose forecast quantile exceeds their usable capacity even with every host in
     * service: each run of such steps, when, and by how much.
     */
    public static List<String> preExistingShortfalls(PlanningProblem problem) {
        List<String> out = new ArrayList<>();
        for (ServiceDemand d : problem.demands().values()) {
            int t = 0;
            while (t < problem.steps()) {
                if (d.requiredCoresAt(t) <= d.capacityCores() + 1e-9) {
                    t++;
                    continue;
                }
                int from = t;
                double worst = 0;
                while (t < problem.steps() && d.requiredCoresAt(t) > d.capacityCores() + 1e-9) {
                    worst = Math.max(worst, d.requiredCoresAt(t) - d.capacityCores());
                    t++;
                }
                out.add(d.service() + " is forecast above its usable capacity with every host in service from "
                        + HeuristicPlanner.clock(problem.time(from)) + " to " + HeuristicPlanner.clock(problem.time(t))
                        + " (short by up to " + HeuristicPlanner.cores(worst) + " cores)" + d.limitNote()
                        + "; surge covers it only while "
                        + "its hosts are out. Add capacity or move the window.");
            }
        }
        return out;
    }

    /** What is short for the hosts that could not be planned, grouped by constraint, with the knob to turn. */
    public static List<String> infeasibility(PlanningProblem problem, List<Plan.Unplanned> unplanned) {
        Map<String, List<Plan.Unplanned>> byConstraint = new LinkedHashMap<>();
        for (Plan.Unplanned u : unplanned) {
            String key = u.reason().contains(":") ? u.reason().substring(0, u.reason().indexOf(':')) : u.reason();
            byConstraint.computeIfAbsent(key, k -> new ArrayList<>()).add(u);
        }
        List<String> out = new ArrayList<>();
        out.add("The policy cannot fit " + unplanned.size() + " of " + (unplanned.size() + problem.candidates().size()
                - countPlannableUnplanned(problem, unplanned)) + " hosts that need an update.");
        byConstraint.forEach((k, list) -> out.add(list.size() + " host" + (list.size() == 1 ? "" : "s") + " by " + k
                + ", e.g. " + list.get(0).host() + ": " + list.get(0).reason()));
        return out;
    }

    private static int countPlannableUnplanned(PlanningProblem problem, List<Plan.Unplanned> unplanned) {
        int n = 0;
        for (Plan.Unplanned u : unplanned) {
            if (!problem.unplannable().containsKey(u.host())) {
                n++;
            }
        }
        return n;
    }
}
