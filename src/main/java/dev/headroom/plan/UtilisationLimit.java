package dev.headroom.plan;

import dev.headroom.domain.Policy;
import dev.headroom.domain.ResponseTime;
import dev.headroom.domain.Slo;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The utilisation a service's in-service capacity may reach, and why when it is not simply
 * {@code 1 − safety margin} or the SLO's max utilisation.
 *
 * @param value  in (0, 1]
 * @param reason empty when the limit is the safety margin's or the SLO's max utilisation (both
 *               are settings the operator sees); otherwise how it was derived, in operator words
 */
public record UtilisationLimit(double value, String reason) {
    public UtilisationLimit {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException("utilisation limit " + value + " is not in (0, 1]");
        }
        reason = reason == null ? "" : reason;
    }

    /**
     * The limit of a service with {@code slo} under {@code policy}: the lowest of
     * {@code 1 − safety margin}, the SLO's max utilisation and, when the SLO has a response-time
     * target, the utilisation at which a host of {@code typicalCores} cores keeps it
     * ({@link QueueingModel}).
     *
     * @param typicalCores the cores of the service's typical host ({@link #typicalCores}); the
     *                     queueing model's {@code c}
     */
    public static UtilisationLimit of(Policy policy, Slo slo, int typicalCores) {
        double plain = Math.min(1 - policy.safetyMargin(), slo.maxUtilisation());
        Optional<ResponseTime> rt = slo.responseTime();
        if (rt.isEmpty()) {
            return new UtilisationLimit(plain, "");
        }
        double queueing = QueueingModel.utilisationLimit(typicalCores, rt.get().targetMs(), rt.get().serviceTimeMs());
        if (queueing >= plain) {
            return new UtilisationLimit(plain, "");
        }
        return new UtilisationLimit(queueing, "response time " + num(rt.get().targetMs()) + " ms at "
                + num(rt.get().serviceTimeMs()) + " ms per request on " + typicalCores + " core"
                + (typicalCores == 1 ? "" : "s") + " ⇒ utilisation ≤ " + String.format(Locale.ROOT, "%.3f", queueing));
    }

    /**
     * The cores of a service's typical host, for the queueing model: the most common whole number
     * of cores among its hosts (a fraction of a core rounds down, and a host has at least one),
     * the smaller on a tie, because fewer cores queue more. 1 when there are no hosts.
     */
    public static int typicalCores(double... hostCores) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (double c : hostCores) {
            counts.merge((int) Math.max(1, Math.floor(c)), 1, Integer::sum);
        }
        int best = 1;
        int most = 0;
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            if (e.getValue() > most || e.getValue() == most && e.getKey() < best) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best;
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
