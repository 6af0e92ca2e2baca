package dev.headroom.plan;

import dev.headroom.domain.Policy;
import dev.headroom.domain.Slo;
import dev.headroom.domain.Window;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A built problem under another policy, without forecasting again: what lets the console re-plan
 * while a slider moves. The window and the forecast quantile decide what was forecast, so a
 * change of either needs a new problem from {@link ProblemBuilder}; every other knob either
 * steers the planner (weights, batch fraction, regions, stabilisation, spot, budget) or sets a
 * service's limits, which are recomputed here by the rule {@link ProblemBuilder} applies.
 */
public final class PolicyChange {
    private PolicyChange() {
    }

    /** Whether {@code next} can be applied to {@code problem} without forecasting again. */
    public static boolean reusable(PlanningProblem problem, Policy next) {
        boolean sameWindow = next.window().isEmpty() || next.window().equals(problem.policy().window());
        return sameWindow && next.forecastQuantile() == problem.policy().forecastQuantile();
    }

    /**
     * {@code problem} under {@code next}: each service's utilisation limit becomes
     * {@link UtilisationLimit#of} (margin, SLO and response-time target) and its min healthy fraction the stricter
     * of the policy's and its SLO's, as {@link ProblemBuilder} sets them.
     *
     * @param slos each service's SLO; a service without one has {@link Slo#DEFAULT}
     * @throws IllegalArgumentException when {@code next} changes the window or the forecast quantile
     */
    public static PlanningProblem apply(PlanningProblem problem, Policy next, Map<String, Slo> slos) {
        if (!reusable(problem, next)) {
            throw new IllegalArgumentException("the window or forecast quantile changed; build the problem again");
        }
        Map<String, ServiceDemand> demands = new LinkedHashMap<>();
        Map<String, java.util.List<PlanHost>> byService = problem.hostsByService();
        for (ServiceDemand d : problem.demands().values()) {
            Slo slo = slos.getOrDefault(d.service(), Slo.DEFAULT);
            UtilisationLimit limit = UtilisationLimit.of(next, slo, UtilisationLimit.typicalCores(
                    byService.getOrDefault(d.service(), java.util.List.of()).stream().mapToDouble(PlanHost::cores)
                            .toArray()));
            double minHealthy = Math.max(next.minHealthyFraction(), slo.minHealthyFraction());
            demands.put(d.service(), new ServiceDemand(d.service(), d.criticality(), d.capacityCores(), limit.value(),
                    minHealthy, d.demandCores(), d.expectedCores(), limit.reason()));
        }
        Policy policy = next.withWindow(problem.policy().window()
                .orElseGet(() -> new Window(problem.start(), problem.end())));
        return new PlanningProblem(problem.scenario(), policy, problem.start(), problem.step(), problem.steps(),
                problem.hosts(), demands, problem.surgeOptions(), problem.prerequisites(), problem.unplannable(),
                problem.notes());
    }
}
