package dev.headroom.rollout;

import dev.headroom.plan.PlanningProblem;
import dev.headroom.plan.ServiceDemand;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The forecast a rollout is monitored against: a service's load band at a plan time, as the plan
 * was made on (median and the policy's forecast quantile, in cores).
 */
@FunctionalInterface
public interface PredictedLoad {
    /** Nothing forecast: the monitor stores what it observes but judges nothing against a forecast. */
    PredictedLoad NONE = (service, planTime) -> Optional.empty();

    Optional<Band> at(String service, Instant planTime);

    /**
     * The demand of a planning problem: per service and planning step, the median forecast
     * ({@link ServiceDemand#expectedAt}) and the policy's forecast quantile ({@link ServiceDemand#demandAt});
     * nothing outside the problem's window.
     */
    static PredictedLoad of(PlanningProblem problem) {
        Instant start = problem.start();
        Duration step = problem.step();
        return (service, planTime) -> {
            ServiceDemand d = problem.demands().get(service);
            if (d == null || planTime.isBefore(start)) {
                return Optional.empty();
            }
            long index = Duration.between(start, planTime).toSeconds() / Math.max(1, step.toSeconds());
            if (index >= problem.steps()) {
                return Optional.empty();
            }
            return Optional.of(new Band(d.expectedAt((int) index), d.demandAt((int) index)));
        };
    }

    /** Forecast load in cores: median and upper quantile. */
    record Band(double median, double upper) {
    }

    /** Builds the forecast for a rollout of an account's scenario. */
    @FunctionalInterface
    interface Source {
        Source NONE = (account, scenario) -> PredictedLoad.NONE;

        /**
         * @throws dev.headroom.domain.HeadroomException when it cannot be built; the rollout then runs
         *                                               without one and an alert says why
         */
        PredictedLoad forScenario(String account, String scenario);
    }
}
