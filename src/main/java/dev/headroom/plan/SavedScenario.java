package dev.headroom.plan;

import dev.headroom.domain.Check;
import dev.headroom.domain.Policy;

import java.time.Instant;
import java.util.Optional;

/**
 * A what-if scenario: a named policy and the planner it is planned with, with the latest plan
 * made under it ({@code plan.json} text), the unit the operator compares side by side.
 */
public record SavedScenario(String account, String name, Policy policy, String solver, Optional<String> planJson,
                            Instant created, Instant updated) {
    public SavedScenario {
        Check.id("scenario name", name);
        Check.notNull("policy", policy);
        planJson = planJson == null ? Optional.empty() : planJson;
    }

    public SavedScenario renamed(String newName, Instant at) {
        return new SavedScenario(account, newName, policy, solver, planJson, at, at);
    }
}
