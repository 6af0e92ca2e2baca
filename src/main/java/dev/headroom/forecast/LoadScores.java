package dev.headroom.forecast;

import dev.headroom.domain.Criticality;
import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.domain.Window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 001's scores for a maintenance window, from forecasts. Formulas (also in
 * {@code docs/forecasting.md}):
 * <ul>
 * <li><b>load score</b> of a host, 0–100: the highest predicted utilisation of any of its
 * forecast metrics at any step of the window, read at the policy's upper quantile (default
 * 0.95) — a host is as loaded as its busiest resource at its busiest moment;</li>
 * <li><b>capacity</b> = 100 − load score: the share of the host that is still free;</li>
 * <li><b>criticality score</b>, 0–100: 100 × the highest criticality of the host and its
 * services (low 0.25, medium 0.5, high 0.75, critical 1.0). Where the account has a dependency
 * graph, a service counts with its <em>propagated</em> criticality instead of its own: the
 * larger of its own level and 0.9 × the propagated criticality of each service that calls it,
 * transitively (so a low-criticality cache that a critical checkout calls counts 0.9, two hops
 * below it 0.81). The caller passes these values in ({@code serviceCriticality}); this class
 * knows nothing of the graph;</li>
 * <li><b>service load</b>: per step, Σ over the service's hosts of cores × predicted cpu
 * utilisation (a host shared by several services counts once, split evenly), against the
 * sum of their cores; the peak over the window is reported.</li>
 * </ul>
 */
public final class LoadScores {

    /** Scores of one host; {@code NaN} scores when the host has no forecast covering the window. */
    public record HostScore(String hostId, double loadScore, double capacity, double criticalityScore,
                            Metric peakMetric, Instant peakAt) {
        public boolean known() {
            return !Double.isNaN(loadScore);
        }
    }

    /** Predicted cpu load of a service against its cores at the busiest step of the window. */
    public record ServiceLoad(String service, double capacityCores, double peakLoadCores, double peakUtilisation,
                              Instant peakAt, int hostsWithoutForecast) {
    }

    private LoadScores() {
    }

    /** Host scores with each service's own criticality (no dependency graph). */
    public static List<HostScore> hosts(List<Host> hosts, List<Service> services, Map<SeriesId, Forecast> forecasts,
                                        Window window, double quantile) {
        return hosts(hosts, services, Map.of(), forecasts, window, quantile);
    }

    /**
     * Host scores where a service's criticality, 0–1, is taken from {@code serviceCriticality}
     * when it has an entry (its criticality propagated through the dependency graph), else from
     * its own level; a service the account does not list counts as low.
     */
    public static List<HostScore> hosts(List<Host> hosts, List<Service> services,
                                        Map<String, Double> serviceCriticality, Map<SeriesId, Forecast> forecasts,
                                        Window window, double quantile) {
        Map<String, Double> criticalityOf = new HashMap<>();
        services.forEach(s -> criticalityOf.put(s.name(), s.criticality().score()));
        serviceCriticality.forEach((name, c) -> {
            if (c != null && Double.isFinite(c)) {
                criticalityOf.put(name, Math.max(0, Math.min(1, c)));
            }
        });
        List<HostScore> out = new ArrayList<>();
        for (Host h : hosts) {
            double critical = h.criticality().score();
            for (String s : h.services()) {
                critical = Math.max(critical, criticalityOf.getOrDefault(s, Criticality.LOW.score()));
            }
            double peak = Double.NaN;
            Metric peakMetric = null;
            Instant peakAt = null;
            for (Metric m : Metric.values()) {
                Forecast f = forecasts.get(new SeriesId(h.id(), m));
                if (f == null) {
                    continue;
                }
                for (int k : stepsIn(f, window)) {
                    double u = clampPercent(Quantiles.upper(f, k, quantile));
                    if (Double.isNaN(peak) || u > peak) {
                        peak = u;
                        peakMetric = m;
                        peakAt = f.time(k);
                    }
                }
            }
            out.add(new HostScore(h.id(), peak, Double.isNaN(peak) ? Double.NaN : 100 - peak, 100 * critical,
                    peakMetric, peakAt));
        }
        return out;
    }

    public static List<ServiceLoad> services(List<Host> hosts, List<Service> services,
                                             Map<SeriesId, Forecast> forecasts, Window window, double quantile) {
        Map<String, ServiceLoad> out = new LinkedHashMap<>();
        for (Service s : services) {
            double capacity = 0;
            int missing = 0;
            Map<Instant, Double> loadAt = new HashMap<>();
            for (Host h : hosts) {
                if (!h.services().contains(s.name())) {
                    continue;
                }
                double cores = h.capacity().cpuCores() / h.services().size();
                capacity += cores;
                Forecast f = forecasts.get(new SeriesId(h.id(), Metric.CPU));
                List<Integer> steps = f == null ? List.of() : stepsIn(f, window);
                if (steps.isEmpty()) {
                    missing++;
                    continue;
                }
                for (int k : steps) {
                    Instant t = f.time(k);
                    double u = clampPercent(Quantiles.upper(f, k, quantile));
                    loadAt.merge(t, cores * u / 100, Double::sum);
                }
            }
            double peak = 0;
            Instant peakAt = null;
            for (var e : loadAt.entrySet()) {
                if (peakAt == null || e.getValue() > peak || (e.getValue() == peak && e.getKey().isBefore(peakAt))) {
                    peak = e.getValue();
                    peakAt = e.getKey();
                }
            }
            out.put(s.name(), new ServiceLoad(s.name(), capacity, peakAt == null ? Double.NaN : peak,
                    peakAt == null || capacity == 0 ? Double.NaN : peak / capacity, peakAt, missing));
        }
        return new ArrayList<>(out.values());
    }

    /** Indexes of the forecast's steps that start inside the window. */
    static List<Integer> stepsIn(Forecast f, Window window) {
        List<Integer> steps = new ArrayList<>();
        for (int k = 0; k < f.horizon(); k++) {
            Instant t = f.time(k);
            if (!t.isBefore(window.start()) && t.isBefore(window.end())) {
                steps.add(k);
            }
        }
        return steps;
    }

    private static double clampPercent(double v) {
        return Math.max(0, Math.min(100, v));
    }
}
