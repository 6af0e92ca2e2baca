package dev.headroom.domain;

import java.util.Optional;

/**
 * The operator's planning knobs (fields of {@code policy.json}). Every field has a default,
 * documented on {@link #DEFAULT}; construction rejects values that make no sense.
 *
 * @param window               when updates may run; empty = the next six hours from planning time
 * @param safetyMargin         fraction of capacity kept free on top of the forecast (default 0.20)
 * @param criticalityWeight    weight of criticality in the seed 001 priority (default 0.6)
 * @param capacityWeight       weight of spare capacity in the seed 001 priority (default 0.4)
 * @param maxBatchFraction     largest fraction of a service's hosts in one batch (default 0.25)
 * @param maxConcurrentRegions regions updated at the same time (default 1)
 * @param minHealthyFraction   replicas of each service that must stay in service (default 0.5)
 * @param rollbackThreshold    pause and roll back when spare capacity falls under this fraction (default 0.10)
 * @param stabilizationMinutes wait after a batch before surge is released (default 15)
 * @param spotAllowed          whether surge may use spot instances (default true)
 * @param budgetUsd            cap on surge cost; empty = no cap
 * @param forecastQuantile     quantile of the load forecast the capacity rule must cover (default 0.95)
 * @param objective            weights of window length, surge cost, energy and risk both planners minimise
 *                             (default {@link Objective#DEFAULT})
 */
public record Policy(Optional<Window> window, double safetyMargin, double criticalityWeight, double capacityWeight,
                     double maxBatchFraction, int maxConcurrentRegions, double minHealthyFraction,
                     double rollbackThreshold, int stabilizationMinutes, boolean spotAllowed,
                     Optional<Double> budgetUsd, double forecastQuantile, Objective objective) {

    public static final Policy DEFAULT = new Policy(Optional.empty(), 0.20, 0.6, 0.4, 0.25, 1, 0.5, 0.10, 15,
            true, Optional.empty(), 0.95);

    /** A policy with the default objective weights. */
    public Policy(Optional<Window> window, double safetyMargin, double criticalityWeight, double capacityWeight,
                  double maxBatchFraction, int maxConcurrentRegions, double minHealthyFraction,
                  double rollbackThreshold, int stabilizationMinutes, boolean spotAllowed,
                  Optional<Double> budgetUsd, double forecastQuantile) {
        this(window, safetyMargin, criticalityWeight, capacityWeight, maxBatchFraction, maxConcurrentRegions,
                minHealthyFraction, rollbackThreshold, stabilizationMinutes, spotAllowed, budgetUsd, forecastQuantile,
                Objective.DEFAULT);
    }

    public Policy {
        window = window == null ? Optional.empty() : window;
        objective = objective == null ? Objective.DEFAULT : objective;
        if (!Double.isFinite(safetyMargin) || safetyMargin < 0 || safetyMargin >= 1) {
            throw new DomainException("safety_margin", safetyMargin + " must be at least 0 and below 1");
        }
        Check.fraction("criticality_weight", criticalityWeight);
        Check.fraction("capacity_weight", capacityWeight);
        if (criticalityWeight + capacityWeight == 0) {
            throw new DomainException("capacity_weight", "criticality_weight and capacity_weight cannot both be 0");
        }
        if (!(maxBatchFraction > 0 && maxBatchFraction <= 1)) {
            throw new DomainException("max_batch_fraction", maxBatchFraction + " must be in (0, 1]");
        }
        if (maxConcurrentRegions < 1) {
            throw new DomainException("max_concurrent_regions", maxConcurrentRegions + " must be at least 1");
        }
        Check.fraction("min_healthy_fraction", minHealthyFraction);
        Check.fraction("rollback_threshold", rollbackThreshold);
        if (stabilizationMinutes < 0) {
            throw new DomainException("stabilization_minutes", stabilizationMinutes + " must be at least 0");
        }
        budgetUsd = budgetUsd == null ? Optional.empty() : budgetUsd;
        budgetUsd.ifPresent(b -> Check.finiteNonNegative("budget_usd", b));
        if (!(forecastQuantile >= 0.5 && forecastQuantile < 1)) {
            throw new DomainException("forecast_quantile", forecastQuantile + " must be at least 0.5 and below 1");
        }
    }

    /** The same policy with {@code w} as its window. */
    public Policy withWindow(Window w) {
        return new Policy(Optional.of(w), safetyMargin, criticalityWeight, capacityWeight, maxBatchFraction,
                maxConcurrentRegions, minHealthyFraction, rollbackThreshold, stabilizationMinutes, spotAllowed,
                budgetUsd, forecastQuantile, objective);
    }

    /** The same policy with other objective weights. */
    public Policy withObjective(Objective o) {
        return new Policy(window, safetyMargin, criticalityWeight, capacityWeight, maxBatchFraction,
                maxConcurrentRegions, minHealthyFraction, rollbackThreshold, stabilizationMinutes, spotAllowed,
                budgetUsd, forecastQuantile, o);
    }
}
