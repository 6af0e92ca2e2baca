package dev.headroom.plan;

import java.util.List;
import java.util.Map;

/**
 * Replays a plan against the load that actually came: minutes and depth of capacity violations
 * (actual load above the capacity in service plus surge, with no safety margin: that load is
 * work the service could not do), window length and surge cost. Every step of the window counts,
 * so plans of different lengths are compared over the same time.
 */
public final class Replay {
    private Replay() {
    }

    /**
     * @param violationMinutes service-minutes with load above capacity
     * @param planCausedMinutes of those, the ones where one of the service's hosts was out
     * @param worstShortCores  the deepest violation, in cores
     * @param shortCoreHours   the area of all violations, in core-hours
     */
    public record Result(String planner, long violationMinutes, long planCausedMinutes, double worstShortCores,
                         double shortCoreHours, long windowMinutes, double surgeCostUsd, int unplanned) {
    }

    /** Replays {@code plan} on {@code problem} with each service's actual load in cores per step. */
    public static Result run(PlanningProblem problem, Plan plan, Map<String, double[]> actualCores) {
        for (ServiceDemand d : problem.demands().values()) {
            double[] a = actualCores.get(d.service());
            if (a == null || a.length != problem.steps()) {
                throw new IllegalArgumentException("actual load of " + d.service() + " must cover the "
                        + problem.steps() + " steps of the window");
            }
        }
        PlanCheck.Timeline timeline = PlanCheck.timeline(problem, plan.batches());
        List<PlanCheck.Violation> violations = PlanCheck.violations(problem, timeline,
                d -> actualCores.get(d.service()), false, problem.steps());
        long stepMinutes = problem.step().toMinutes();
        long planCaused = violations.stream().filter(PlanCheck.Violation::planCaused).count();
        double worst = violations.stream().mapToDouble(PlanCheck.Violation::shortCores).max().orElse(0);
        double area = violations.stream().mapToDouble(PlanCheck.Violation::shortCores).sum() * problem.stepHours();
        return new Result(plan.solver(), violations.size() * stepMinutes, planCaused * stepMinutes,
                PlanCheck.round(worst, 3), PlanCheck.round(area, 3), plan.summary().makespanMinutes(),
                plan.summary().surgeCostUsd(), plan.unplanned().size());
    }
}
