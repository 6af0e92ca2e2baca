package dev.headroom.plan;

/**
 * Weights of the plan objective both planners minimise: window length (hours), surge cost
 * (USD), surge energy (kWh) and risk (expected criticality-weighted failures). The defaults
 * price an hour of maintenance window like ten dollars of surge: an operator would rather pay a
 * little to finish early than keep the fleet half-updated, but not at any price.
 */
public record Objective(double perWindowHour, double perUsd, double perKwh, double perRisk) {
    public static final Objective DEFAULT = new Objective(10, 1, 0.2, 20);

    public Objective {
        for (double w : new double[] {perWindowHour, perUsd, perKwh, perRisk}) {
            if (!Double.isFinite(w) || w < 0) {
                throw new IllegalArgumentException("objective weights must be finite and at least 0");
            }
        }
    }

    public double value(double windowHours, double usd, double kwh, double risk) {
        return perWindowHour * windowHours + perUsd * usd + perKwh * kwh + perRisk * risk;
    }
}
