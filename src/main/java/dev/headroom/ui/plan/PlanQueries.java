package dev.headroom.ui.plan;

import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ProgressListener;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanScenarios;
import dev.headroom.plan.Planner;
import dev.headroom.plan.Planners;
import dev.headroom.plan.PlanningProblem;
import dev.headroom.plan.PlanningService;

import java.time.Duration;
import java.util.Optional;

/** What the Plan view asks of the engine; lets its tests stub or slow it down. Called off the UI thread. */
public interface PlanQueries {
    /** How long the background solver may search for a better plan once the heuristic's is shown. */
    Duration IMPROVER_LIMIT = Duration.ofSeconds(10);

    /**
     * The account's fleet as of its clock.
     *
     * @throws HeadroomException when the account does not exist or cannot be read
     */
    PlanningService.Source source(String account);

    /** Forecasts the services over the policy's window; takes seconds. */
    PlanningProblem problem(PlanningService.Source source, Policy policy, ProgressListener progress);

    /** The instant heuristic's plan: milliseconds, so it runs on every slider move. */
    Plan plan(PlanningProblem problem);

    /**
     * A slower planner that may find a better plan in the background (the constraint solver),
     * or empty when this build has none.
     */
    Optional<Planner> improver();

    /**
     * The accounts' stored what-if scenarios: the store the command line's {@code headroom
     * scenarios} reads and writes, so a scenario saved on either side shows on the other.
     */
    PlanScenarios scenarios();

    static PlanQueries of(PlanningService planning, PlanScenarios scenarios) {
        Planner heuristic = Planners.named("heuristic", IMPROVER_LIMIT);
        Optional<Planner> improver;
        // -Dheadroom.plan.improver=none shows only the heuristic's plan: deterministic console tests
        // and screenshots, or a machine where the solver's native library cannot load
        String name = System.getProperty("headroom.plan.improver", "cpsat");
        try {
            improver = "none".equals(name) ? Optional.empty() : Optional.of(Planners.named(name, IMPROVER_LIMIT));
        } catch (HeadroomException absent) {
            improver = Optional.empty();
        }
        Optional<Planner> solver = improver;
        return new PlanQueries() {
            @Override
            public PlanningService.Source source(String account) {
                return planning.account(account);
            }

            @Override
            public PlanningProblem problem(PlanningService.Source source, Policy policy, ProgressListener progress) {
                return planning.problem(source, Optional.of(policy), progress);
            }

            @Override
            public Plan plan(PlanningProblem problem) {
                return heuristic.plan(problem);
            }

            @Override
            public Optional<Planner> improver() {
                return solver;
            }

            @Override
            public PlanScenarios scenarios() {
                return scenarios;
            }
        };
    }
}
