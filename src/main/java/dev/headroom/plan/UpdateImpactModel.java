package dev.headroom.plan;

import dev.headroom.domain.UpdateOutcome;
import dev.headroom.domain.UpdateRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Predicts how long updating a host to a release takes, and how often such an update fails,
 * from the version difference and the update history (seed 000's impact prediction).
 *
 * <p>Durations are log-normal. The log-duration of an update of service {@code s} with a change
 * of class {@code c} (major, minor, patch) is modelled as {@code μ_c + δ_s}: a fleet-wide level per
 * change class plus a service offset, each shrunk towards its prior with the weight of
 * {@value #PRIOR_WEIGHT} observations, so a service with two past updates leans on the fleet and
 * one with fifty on itself. Where the history has updates of exactly that service and class,
 * their own mean is blended in the same way. The spread is the pooled residual spread. With no
 * history at all the priors are 15, 25 and 45 minutes for patch, minor and major changes, and a
 * spread of 0.5 (a factor of 1.65 per standard deviation). Failure rates are a beta-binomial
 * estimate per service and class around the fleet's rate for the class (priors 2 %, 5 %, 10 %).
 * The resource cost is the host's peak CPU during the update (seed 000's "peak load during the
 * update"): the mean of past peaks of the service and class, shrunk the same way towards the
 * fleet's mean for the class (prior 60 %). It sizes what a version trigger allocates.
 */
public final class UpdateImpactModel {
    static final double PRIOR_WEIGHT = 3;
    static final double FAILURE_PRIOR_WEIGHT = 10;
    private static final double DEFAULT_SIGMA = 0.5;
    private static final double PRIOR_PEAK_CPU = 60;
    private static final Pattern VERSION = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    /** How far apart two versions are. */
    public enum Change {
        PATCH(15, 0.02), MINOR(25, 0.05), MAJOR(45, 0.10), SAME(5, 0.01);

        final double priorMinutes;
        final double priorFailureRate;

        Change(double priorMinutes, double priorFailureRate) {
            this.priorMinutes = priorMinutes;
            this.priorFailureRate = priorFailureRate;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A prediction for one host's update.
     *
     * @param basis what it rests on, in operator words
     */
    public record Estimate(Change change, Duration median, Duration upper, double failureRate, double peakCpuPercent,
                           String basis) {
    }

    private final Map<Change, Double> classMu = new HashMap<>();
    private final Map<Change, Double> classFailure = new HashMap<>();
    private final Map<String, Double> serviceOffset = new HashMap<>();
    private final Map<String, double[]> cell = new HashMap<>(); // service|class → {n, mean log, failures, peak sum}
    private final Map<Change, Double> classPeak = new HashMap<>();
    private final double sigma;
    private final int records;

    private UpdateImpactModel(List<UpdateRecord> history) {
        Map<Change, List<Double>> logsByClass = new HashMap<>();
        Map<Change, int[]> failures = new HashMap<>();
        List<Object[]> usable = new ArrayList<>();
        for (UpdateRecord r : history) {
            double minutes = Duration.between(r.started(), r.finished()).toSeconds() / 60.0;
            if (!(minutes > 0)) {
                continue;
            }
            Change c = change(r.fromVersion(), r.toVersion());
            double log = Math.log(minutes);
            logsByClass.computeIfAbsent(c, k -> new ArrayList<>()).add(log);
            int[] f = failures.computeIfAbsent(c, k -> new int[2]);
            f[0]++;
            if (r.outcome() != UpdateOutcome.SUCCEEDED) {
                f[1]++;
            }
            usable.add(new Object[] {r, c, log});
        }
        records = usable.size();
        for (Change c : Change.values()) {
            double prior = Math.log(c.priorMinutes);
            List<Double> logs = logsByClass.getOrDefault(c, List.of());
            double sum = logs.stream().mapToDouble(Double::doubleValue).sum();
            classMu.put(c, (sum + PRIOR_WEIGHT * prior) / (logs.size() + PRIOR_WEIGHT));
            int[] f = failures.getOrDefault(c, new int[2]);
            classFailure.put(c, (f[1] + FAILURE_PRIOR_WEIGHT * c.priorFailureRate) / (f[0] + FAILURE_PRIOR_WEIGHT));
        }
        Map<Change, double[]> peaks = new HashMap<>();
        for (Object[] u : usable) {
            double[] acc = peaks.computeIfAbsent((Change) u[1], k -> new double[2]);
            acc[0]++;
            acc[1] += ((UpdateRecord) u[0]).peakCpu();
        }
        for (Change c : Change.values()) {
            double[] acc = peaks.getOrDefault(c, new double[2]);
            classPeak.put(c, (acc[1] + PRIOR_WEIGHT * PRIOR_PEAK_CPU) / (acc[0] + PRIOR_WEIGHT));
        }
        Map<String, double[]> offsets = new HashMap<>();
        for (Object[] u : usable) {
            UpdateRecord r = (UpdateRecord) u[0];
            Change c = (Change) u[1];
            double log = (double) u[2];
            double[] o = offsets.computeIfAbsent(r.service(), k -> new double[2]);
            o[0]++;
            o[1] += log - classMu.get(c);
            double[] k = cell.computeIfAbsent(key(r.service(), c), x -> new double[4]);
            k[0]++;
            k[1] += log;
            k[3] += r.peakCpu();
            if (r.outcome() != UpdateOutcome.SUCCEEDED) {
                k[2]++;
            }
        }
        offsets.forEach((s, o) -> serviceOffset.put(s, o[1] / (o[0] + PRIOR_WEIGHT)));
        cell.values().forEach(k -> k[1] /= k[0]);
        double ss = 0;
        for (Object[] u : usable) {
            UpdateRecord r = (UpdateRecord) u[0];
            double residual = (double) u[2] - muOf(r.service(), (Change) u[1]);
            ss += residual * residual;
        }
        // the spread needs a handful of updates before it means anything; a floor keeps one lucky
        // streak of identical durations from promising a precision no rollout has
        sigma = usable.size() >= 5 ? Math.max(0.15, Math.sqrt(ss / (usable.size() - 1))) : DEFAULT_SIGMA;
    }

    public static UpdateImpactModel fit(List<UpdateRecord> history) {
        return new UpdateImpactModel(history);
    }

    /** The prediction for updating a host of {@code service} from {@code from} to {@code to}, at the {@code quantile} upper estimate. */
    public Estimate estimate(String service, String from, String to, double quantile) {
        Change c = change(from, to);
        double mu = muOf(service, c);
        double z = dev.headroom.forecast.Quantiles.z(quantile);
        double[] k = cell.get(key(service, c));
        double failure = k == null ? classFailure.get(c)
                : (k[2] + FAILURE_PRIOR_WEIGHT * classFailure.get(c)) / (k[0] + FAILURE_PRIOR_WEIGHT);
        String basis;
        if (records == 0) {
            basis = "no update history; the prior for a " + c.label() + " change";
        } else if (k == null) {
            basis = c.label() + " change; no past " + c.label() + " update of " + service + ", so the fleet's "
                    + (serviceOffset.containsKey(service) ? "level adjusted for " + service : "level");
        } else {
            basis = c.label() + " change; " + (int) k[0] + " past " + c.label() + " update" + (k[0] == 1 ? "" : "s")
                    + " of " + service;
        }
        double peak = k == null ? classPeak.get(c) : (k[3] + PRIOR_WEIGHT * classPeak.get(c)) / (k[0] + PRIOR_WEIGHT);
        return new Estimate(c, minutes(Math.exp(mu)), minutes(Math.exp(mu + z * sigma)), failure, peak, basis);
    }

    private double muOf(String service, Change c) {
        double level = classMu.get(c) + serviceOffset.getOrDefault(service, 0.0);
        double[] k = cell.get(key(service, c));
        return k == null ? level : (k[0] * k[1] + PRIOR_WEIGHT * level) / (k[0] + PRIOR_WEIGHT);
    }

    /** Change class between two versions; versions without numbers count as a minor change. */
    public static Change change(String from, String to) {
        if (from.equals(to)) {
            return Change.SAME;
        }
        int[] a = parts(from);
        int[] b = parts(to);
        if (a == null || b == null) {
            return Change.MINOR;
        }
        return a[0] != b[0] ? Change.MAJOR : a[1] != b[1] ? Change.MINOR : Change.PATCH;
    }

    private static int[] parts(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.find()) {
            return null;
        }
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            String g = m.group(i + 1);
            out[i] = g == null ? 0 : Integer.parseInt(g);
        }
        return out;
    }

    private static Duration minutes(double m) {
        return Duration.ofSeconds(Math.round(m * 60));
    }

    private static String key(String service, Change c) {
        return service + "|" + c;
    }
}
