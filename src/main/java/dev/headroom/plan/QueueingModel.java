package dev.headroom.plan;

/**
 * The queueing model that turns a response-time SLO into a utilisation limit: each host of a
 * service is an M/M/c queue. The service's hosts sit behind a balancer, so each receives its
 * share of the requests; requests arrive as a Poisson stream, each keeps one core busy for an
 * exponentially distributed service time of mean {@code S}, and a host with {@code c} cores
 * serves at most {@code c} at a time while the others wait in one queue.
 *
 * <p>At utilisation {@code ρ} (offered load {@code A = cρ}) the mean response time is
 * {@code R(ρ) = S + C(c, A)·S / (c(1 − ρ))}, where {@code C} is the Erlang C probability that a
 * request has to wait. M/M/c is the standard sizing model: exponential service times vary more
 * than most CPU-bound request handlers, so the waits it predicts are on the safe side for them
 * (not for heavy-tailed ones), and with more cores the same target allows a higher utilisation.
 * See docs/planning.md for a worked example.
 */
public final class QueueingModel {
    /** Precision of {@link #utilisationLimit}: the limit is at most this far under the exact one. */
    public static final double PRECISION = 1e-6;

    private QueueingModel() {
    }

    /**
     * The Erlang C probability that an arriving request waits, for {@code c} servers and an offered
     * load of {@code a} Erlangs ({@code a < c}). Computed from the Erlang B recursion
     * {@code B(k) = a·B(k−1) / (k + a·B(k−1))}, which stays within [0, 1] and needs no factorials,
     * then {@code C = c·B / (c − a(1 − B))}.
     *
     * @throws IllegalArgumentException when {@code c < 1} or {@code a} is not in [0, c)
     */
    public static double erlangC(int c, double a) {
        if (c < 1) {
            throw new IllegalArgumentException("cores " + c + " must be at least 1");
        }
        if (!(a >= 0 && a < c)) {
            throw new IllegalArgumentException("offered load " + a + " must be in [0, " + c + ")");
        }
        double b = 1;
        for (int k = 1; k <= c; k++) {
            b = a * b / (k + a * b);
        }
        return c * b / (c - a * (1 - b));
    }

    /**
     * The mean response time of one host with {@code cores} cores at {@code utilisation}: the
     * service time plus the mean wait. Infinite at utilisation 1 and above (the queue grows
     * without bound).
     *
     * @throws IllegalArgumentException when {@code cores < 1}, the service time is not positive
     *                                  and finite, or the utilisation is negative or not a number
     */
    public static double meanResponseTime(int cores, double utilisation, double serviceTimeMs) {
        if (!(serviceTimeMs > 0 && Double.isFinite(serviceTimeMs))) {
            throw new IllegalArgumentException("service time " + serviceTimeMs + " ms must be positive");
        }
        if (!(utilisation >= 0)) {
            throw new IllegalArgumentException("utilisation " + utilisation + " must be at least 0");
        }
        if (cores < 1) {
            throw new IllegalArgumentException("cores " + cores + " must be at least 1");
        }
        if (utilisation >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        return serviceTimeMs + erlangC(cores, cores * utilisation) * serviceTimeMs / (cores * (1 - utilisation));
    }

    /**
     * The highest utilisation in [0, 1) at which a host with {@code cores} cores keeps its mean
     * response time at or under {@code targetMs}, found by bisection ({@link #PRECISION}; the
     * response time rises with utilisation). Positive whenever the target exceeds the service
     * time; 0 when it does not, since then even an idle host misses it.
     *
     * @throws IllegalArgumentException as {@link #meanResponseTime}, or when the target is not a
     *                                  positive finite number
     */
    public static double utilisationLimit(int cores, double targetMs, double serviceTimeMs) {
        if (!(targetMs > 0 && Double.isFinite(targetMs))) {
            throw new IllegalArgumentException("response-time target " + targetMs + " ms must be positive");
        }
        if (!(meanResponseTime(cores, 0, serviceTimeMs) < targetMs)) {
            return 0;
        }
        double lo = 0;
        double hi = 1;
        while (hi - lo > PRECISION) {
            double mid = (lo + hi) / 2;
            if (meanResponseTime(cores, mid, serviceTimeMs) <= targetMs) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        // a target a hair above the service time: keep halving until a utilisation fits, so that
        // the limit stays positive (R is continuous and R(0) < target, so one does long before
        // hi underflows)
        while (lo == 0 && hi > 0) {
            hi /= 2;
            if (meanResponseTime(cores, hi, serviceTimeMs) <= targetMs) {
                lo = hi;
            }
        }
        return lo;
    }
}
