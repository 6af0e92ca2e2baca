package dev.headroom.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A service level objective: utilisation must stay at or below {@code maxUtilisation}, at least
 * {@code minHealthyFraction} of the replicas must stay in service, and, when there is a
 * {@code responseTime} target, the mean response time must stay under it (the planner turns it
 * into a further utilisation limit; see docs/planning.md).
 */
public record Slo(double maxUtilisation, double minHealthyFraction, Optional<ResponseTime> responseTime) {
    public static final Slo DEFAULT = new Slo(0.8, 0.5);

    public Slo {
        if (!(maxUtilisation > 0 && maxUtilisation <= 1)) {
            throw new DomainException("max_utilisation", maxUtilisation + " must be in (0, 1]");
        }
        Check.fraction("min_healthy_fraction", minHealthyFraction);
        Objects.requireNonNull(responseTime, "responseTime");
    }

    /** An SLO without a response-time target. */
    public Slo(double maxUtilisation, double minHealthyFraction) {
        this(maxUtilisation, minHealthyFraction, Optional.empty());
    }

    /** This SLO with {@code target} as its response-time target. */
    public Slo withResponseTime(ResponseTime target) {
        return new Slo(maxUtilisation, minHealthyFraction, Optional.of(target));
    }
}
