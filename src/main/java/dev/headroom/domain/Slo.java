package dev.headroom.domain;

/**
 * A service level objective: utilisation must stay at or below {@code maxUtilisation}, and at
 * least {@code minHealthyFraction} of the replicas must stay in service.
 */
public record Slo(double maxUtilisation, double minHealthyFraction) {
    public static final Slo DEFAULT = new Slo(0.8, 0.5);

    public Slo {
        if (!(maxUtilisation > 0 && maxUtilisation <= 1)) {
            throw new DomainException("max_utilisation", maxUtilisation + " must be in (0, 1]");
        }
        Check.fraction("min_healthy_fraction", minHealthyFraction);
    }
}
