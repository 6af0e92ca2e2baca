package dev.headroom.plan;

import dev.headroom.domain.Criticality;

/**
 * What a service needs over the planning window.
 *
 * @param capacityCores  cores of all its hosts (shared hosts count with their share)
 * @param minHealthyFraction share of its own hosts that must stay in service (policy or SLO, the stricter)
 * @param limit          the utilisation its in-service capacity may reach: {@code 1 − safety margin},
 *                       or lower when its SLO demands (see {@link UtilisationLimit})
 * @param demandCores    load in cores per planning step at the policy's forecast quantile
 * @param expectedCores  load in cores per planning step at the median forecast
 * @param limitReason    how {@code limit} was derived when it is neither {@code 1 − safety margin} nor
 *                       the SLO's max utilisation (a response-time SLO), for explanations; else empty
 */
public record ServiceDemand(String service, Criticality criticality, double capacityCores, double limit,
                            double minHealthyFraction,
                            double[] demandCores, double[] expectedCores, String limitReason) {
    public ServiceDemand {
        limitReason = limitReason == null ? "" : limitReason;
        if (demandCores.length != expectedCores.length) {
            throw new IllegalArgumentException(service + ": demand and expected load differ in length");
        }
        if (!(limit > 0 && limit <= 1)) {
            throw new IllegalArgumentException(service + ": utilisation limit " + limit + " is not in (0, 1]");
        }
        if (!(minHealthyFraction >= 0 && minHealthyFraction <= 1)) {
            throw new IllegalArgumentException(service + ": min healthy fraction " + minHealthyFraction
                    + " is not in [0, 1]");
        }
        demandCores = demandCores.clone();
        expectedCores = expectedCores.clone();
    }

    public double demandAt(int step) {
        return demandCores[step];
    }

    public double expectedAt(int step) {
        return expectedCores[step];
    }

    /**
     * For explanations of a capacity shortfall: where the limit comes from, when it is not a plain
     * policy or SLO setting, as a parenthesis with a leading space; else empty.
     */
    public String limitNote() {
        return limitReason.isEmpty() ? "" : " (its limit comes from its response-time SLO, which safety_margin does not relax: "
                + limitReason + ")";
    }

    /** Cores that must be in service at {@code step}: the demand divided by the utilisation limit. */
    public double requiredCoresAt(int step) {
        return demandCores[step] / limit;
    }
}
