package dev.headroom.domain;

/**
 * Weights of the plan objective both planners minimise (the {@code objective} of {@code policy.json}): window length (hours), surge cost
 * (USD), surge energy (kWh) and risk (expected criticality-weighted failures). The defaults
 * price an hour of maintenance window like ten dollars of surge: an operator would rather pay a
 * little to finish early than keep the fleet half-updated, but not at any price.
 */
public record Objective(double perWindowHour, double perUsd, double perKwh, double perRisk) {
    public static final Objective DEFAULT = new Objective(10, 1, 0.2, 20);

    public Objective {
        Check.finiteNonNegative("objective.window_hour", perWindowHour);
        Check.finiteNonNegative("objective.usd", perUsd);
        Check.finiteNonNegative("objective.kwh", perKwh);
        Check.finiteNonNegative("objective.risk", perRisk);
        if (perWindowHour + perUsd + perKwh + perRisk == 0) {
            throw new DomainException("objective", "has every weight at 0; give at least one a weight above 0");
        }
    }

    public double value(double windowHours, double usd, double kwh, double risk) {
        return perWindowHour * windowHours + perUsd * usd + perKwh * kwh + perRisk * risk;
    }
}
