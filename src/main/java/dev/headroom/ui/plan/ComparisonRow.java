package dev.headroom.ui.plan;

import dev.headroom.plan.Plan;

/**
 * One column of the scenario comparison, read from the plan's summary: what the planner measured,
 * not recomputed by the page.
 *
 * @param scenario null for the plan on screen, which is not saved
 */
public record ComparisonRow(String name, Scenario scenario, long windowMinutes, double surgeCostUsd,
                            double minHeadroomFraction, int batches, double risk, boolean windowFits,
                            int predictedViolations, int unplanned, String solver) {
    public static final String CURRENT = "Plan on screen";

    static ComparisonRow of(String name, Scenario scenario, Plan plan) {
        Plan.Summary s = plan.summary();
        return new ComparisonRow(name, scenario, s.makespanMinutes(), s.surgeCostUsd(), s.minHeadroomFraction(),
                plan.batches().size(), s.risk(), s.windowFits(), s.predictedViolations(), plan.unplanned().size(),
                plan.solver());
    }
}
