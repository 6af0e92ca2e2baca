package dev.headroom.ui.plan;

import dev.headroom.plan.Plan;
import dev.headroom.plan.ScenarioComparison;

/**
 * One column of the scenario comparison, read from the plan's summary: what the planner measured,
 * not recomputed by the page. A stored scenario whose plan no longer fits the fleet shows the
 * figures it was stored with, and says so in {@code note}; when even those cannot be read, its
 * figures are unknown ({@link #known()} is false).
 *
 * @param scenario null for the plan on screen, which is not saved
 * @param note     empty, or why the figures are not of a plan on today's fleet and what to do
 */
public record ComparisonRow(String name, Scenario scenario, long windowMinutes, double surgeCostUsd,
                            double minHeadroomFraction, int batches, double risk, boolean windowFits,
                            int predictedViolations, int unplanned, String solver, String note) {
    public static final String CURRENT = "Plan on screen";

    static ComparisonRow of(String name, Scenario scenario, Plan plan) {
        Plan.Summary s = plan.summary();
        return new ComparisonRow(name, scenario, s.makespanMinutes(), s.surgeCostUsd(), s.minHeadroomFraction(),
                plan.batches().size(), s.risk(), s.windowFits(), s.predictedViolations(), plan.unplanned().size(),
                plan.solver(), "");
    }

    static ComparisonRow of(Scenario scenario) {
        if (scenario.plan().isPresent()) {
            return of(scenario.name(), scenario, scenario.plan().get());
        }
        if (scenario.stored().isPresent()) {
            ScenarioComparison.Row r = scenario.stored().get();
            return new ComparisonRow(scenario.name(), scenario, r.windowMinutes(), r.surgeCostUsd(),
                    r.minHeadroomFraction(), r.batches(), r.risk(), r.windowFits(), r.predictedViolations(),
                    r.unplanned(), r.solver(), Scenario.MISMATCH);
        }
        return new ComparisonRow(scenario.name(), scenario, -1, Double.NaN, Double.NaN, -1, Double.NaN, false, -1, -1,
                "", Scenario.NO_PLAN);
    }

    /** False when the scenario's figures are unknown: its stored plan cannot be read at all. */
    public boolean known() {
        return batches >= 0;
    }
}
