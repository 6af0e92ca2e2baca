package dev.headroom.ui.plan;

import dev.headroom.domain.Policy;
import dev.headroom.plan.Plan;

/**
 * A named policy with the plan it gave: the unit of what-if comparison. Kept in the Plan page's
 * view model for the session (per account); nothing is stored.
 */
public record Scenario(String name, Policy policy, Plan plan) {
    public Scenario withName(String newName) {
        return new Scenario(newName, policy, plan);
    }
}
