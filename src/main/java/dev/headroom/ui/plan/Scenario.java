package dev.headroom.ui.plan;

import dev.headroom.domain.Policy;
import dev.headroom.plan.Plan;
import dev.headroom.plan.ScenarioComparison;

import java.util.Optional;

/**
 * A named policy with the plan it gave: the unit of what-if comparison. Stored per account through
 * {@link dev.headroom.plan.PlanScenarios}, so it outlives the session and the command line's
 * {@code headroom scenarios} sees the same ones.
 *
 * @param plan     the plan: as made when saved in this session, else the stored plan read onto the
 *                 account's fleet and forecast; empty when the stored plan no longer fits them
 * @param stored   the figures the stored plan was saved with, shown when {@code plan} is empty
 * @param mismatch why the stored plan no longer fits, in operator words; empty when it fits
 */
public record Scenario(String name, Policy policy, Optional<Plan> plan, Optional<ScenarioComparison.Row> stored,
                       String mismatch) {
    /** What the comparison says of a scenario whose stored plan cannot be read onto today's fleet. */
    public static final String MISMATCH = "stored plan no longer matches the fleet — plan it again";
    /** What the comparison says of a stored scenario with no plan to compare (never planned, or unreadable). */
    public static final String NO_PLAN = "no stored plan to compare — plan it again";

    /** A scenario with the plan just made under its policy. */
    static Scenario of(String name, Plan plan) {
        return new Scenario(name, plan.policy(), Optional.of(plan), Optional.empty(), "");
    }

    /** A stored scenario whose plan no longer fits the fleet, shown by its stored figures. */
    static Scenario mismatched(String name, Policy policy, Optional<ScenarioComparison.Row> stored, String why) {
        return new Scenario(name, policy, Optional.empty(), stored, why);
    }

    public Scenario withName(String newName) {
        return new Scenario(newName, policy, plan, stored, mismatch);
    }

    /** True when the stored plan no longer fits the fleet and only its stored figures are known. */
    public boolean stale() {
        return plan.isEmpty();
    }
}
