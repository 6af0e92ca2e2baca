package dev.headroom.plan;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.Release;
import dev.headroom.domain.ScheduledEvent;
import dev.headroom.domain.Service;
import dev.headroom.domain.Window;
import dev.headroom.forecast.AggregateHistories;
import dev.headroom.forecast.EventEffects;
import dev.headroom.forecast.Forecast;
import dev.headroom.forecast.ForecastException;
import dev.headroom.forecast.Forecaster;
import dev.headroom.forecast.History;
import dev.headroom.forecast.IntervalLevels;
import dev.headroom.forecast.Quantiles;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a {@link PlanningProblem} from a fleet: forecasts each service's CPU load over the
 * window (the capacity-weighted aggregate of its hosts, so that quantiles are of the service's
 * load, not sums of host quantiles), predicts every host's update from the impact model, and
 * turns releases and dependencies into the order the planner keeps.
 *
 * <p>A host's load score is its service's predicted peak utilisation at the quantile, scaled by
 * how loaded the host was against its service over the last day: hosts of one service share
 * load through a balancer, so their shapes agree and only their levels differ.
 *
 * <p>A service's utilisation limit is {@link UtilisationLimit#of}: with a response-time SLO, the
 * queueing model is applied to the service's typical host (the most common number of cores among
 * its hosts, the smaller on a tie), because one limit holds for all of its in-service capacity.
 */
public final class ProblemBuilder {
    /** The window when the policy has none: six hours from planning time. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(6);
    /** Quantile of update duration the batches are sized to. */
    public static final double DURATION_QUANTILE = 0.9;
    private static final Duration DEFAULT_STEP = Duration.ofMinutes(5);

    private ProblemBuilder() {
    }

    /** The policy's window, or the default one starting at the first step boundary at or after {@code at}. */
    public static Window window(Policy policy, Instant at, Duration step) {
        return policy.window().orElseGet(() -> {
            long s = step.toSeconds();
            long start = Math.floorDiv(at.getEpochSecond() + s - 1, s) * s;
            Instant from = Instant.ofEpochSecond(start);
            return new Window(from, from.plus(DEFAULT_WINDOW));
        });
    }

    /**
     * The problem of updating {@code snapshot}'s fleet under {@code policy}, planned at {@code at}
     * (forecasts use only samples before it).
     *
     * @throws HeadroomException when the window starts before {@code at} or nothing can be forecast
     */
    public static PlanningProblem build(String scenario, AccountSnapshot snapshot, Policy policy, Instant at,
                                        Forecaster forecaster, ProgressListener progress) {
        Duration step = stepOf(snapshot);
        Window window = window(policy, at, step);
        if (window.start().isBefore(at.minus(step))) {
            throw new HeadroomException("The window starts at " + window.start() + ", before the planning time " + at
                    + ". Set window.start in policy.json to a time after " + at + ".");
        }
        int steps = (int) (window.length().toSeconds() / step.toSeconds());
        if (steps < 1) {
            throw new HeadroomException("The window from " + window.start() + " to " + window.end()
                    + " is shorter than one planning step (" + step.toMinutes() + " min). Make it longer.");
        }
        Instant start = window.start();
        List<String> notes = new ArrayList<>();
        Map<String, MetricSeries> cpu = new HashMap<>();
        for (MetricSeries m : snapshot.metrics()) {
            if (m.id().metric() == Metric.CPU) {
                cpu.put(m.id().hostId(), m);
            }
        }
        Map<String, Service> services = new LinkedHashMap<>();
        snapshot.services().forEach(s -> services.put(s.name(), s));
        Map<String, Release> releases = new HashMap<>();
        snapshot.releases().forEach(r -> releases.put(r.service(), r));

        Map<String, ServiceDemand> demands = new LinkedHashMap<>();
        Map<String, Double> peakUtilisation = new HashMap<>();
        Map<String, String> noForecast = new HashMap<>();
        Duration horizon = Duration.between(at, window.end());
        int done = 0;
        for (Service s : services.values()) {
            progress.progress((double) done++ / Math.max(1, services.size()), "Forecasting " + s.name());
            List<Host> hosts = AggregateHistories.hostsOf(s.name(), snapshot.hosts());
            if (hosts.isEmpty()) {
                continue;
            }
            double capacity = hosts.stream().mapToDouble(h -> h.capacity().cpuCores() / h.services().size()).sum();
            UtilisationLimit limit = UtilisationLimit.of(policy, s.slo(),
                    UtilisationLimit.typicalCores(hosts.stream().mapToDouble(h -> h.capacity().cpuCores()).toArray()));
            double minHealthy = Math.max(policy.minHealthyFraction(), s.slo().minHealthyFraction());
            double[] demand = new double[steps];
            double[] expected = new double[steps];
            Optional<History> aggregate = AggregateHistories.of("service:" + s.name() + "/cpu", hosts, Metric.CPU, cpu);
            try {
                if (aggregate.isEmpty()) {
                    throw new ForecastException("no CPU history");
                }
                List<ScheduledEvent> events = eventsOfAll(snapshot.events(), hosts);
                Map<String, EventEffects.Effect> effects = EventEffects.learn(aggregate.get(), events);
                History clean = EventEffects.clean(aggregate.get(), events, effects);
                Forecast f = EventEffects.apply(AggregateHistories.forecast(forecaster, clean, at, horizon,
                        IntervalLevels.DEFAULT), events,
                        effects);
                double peak = 0;
                for (int t = 0; t < steps; t++) {
                    int k = indexAt(f, start.plus(step.multipliedBy(t)));
                    double q = clampPercent(Quantiles.upper(f, k, policy.forecastQuantile()));
                    demand[t] = capacity * q / 100;
                    expected[t] = capacity * clampPercent(f.meanAt(k)) / 100;
                    peak = Math.max(peak, q);
                }
                peakUtilisation.put(s.name(), peak);
            } catch (ForecastException | IllegalArgumentException e) {
                noForecast.put(s.name(), e.getMessage());
                continue;
            }
            demands.put(s.name(), new ServiceDemand(s.name(), s.criticality(), capacity, limit.value(), minHealthy,
                    demand, expected, limit.reason()));
            if (!limit.reason().isEmpty()) {
                notes.add(s.name() + "'s utilisation limit comes from its response-time SLO: " + limit.reason() + ".");
            }
        }
        progress.progress(1, "Forecast " + demands.size() + " services");

        UpdateImpactModel impact = UpdateImpactModel.fit(snapshot.updateHistory());
        Map<String, Double> relative = relativeLoads(snapshot.hosts(), cpu, at);
        List<PlanHost> hosts = new ArrayList<>();
        Map<String, String> unplannable = new LinkedHashMap<>();
        for (Host h : snapshot.hosts()) {
            List<String> known = h.services().stream().filter(demands::containsKey).toList();
            String service = h.services().stream().filter(releases::containsKey).findFirst().orElse(h.services().get(0));
            Release release = releases.get(service);
            String target = release == null ? "" : release.version();
            if (known.size() < h.services().size()) {
                String missing = h.services().stream().filter(x -> !demands.containsKey(x)).findFirst().orElseThrow();
                if (release != null && !release.version().equals(h.version())) {
                    unplannable.put(h.id(), "no load forecast for " + missing + " (" + noForecast.getOrDefault(missing,
                            "not in the service list") + "), so its capacity cannot be checked; import its metrics");
                }
                continue;
            }
            List<String> ordered = new ArrayList<>(List.of(service));
            h.services().stream().filter(x -> !x.equals(service)).forEach(ordered::add);
            UpdateImpactModel.Estimate e = impact.estimate(service, h.version(), target.isEmpty() ? h.version() : target,
                    DURATION_QUANTILE);
            int updateSteps = (int) Math.max(1, Math.ceil(e.upper().toSeconds() / (double) step.toSeconds()));
            double loadScore = peakUtilisation.getOrDefault(service, 0.0) * relative.get(h.id());
            hosts.add(new PlanHost(h.id(), ordered, h.region(), h.zone(), h.instanceType(), h.capacity().cpuCores(),
                    services.containsKey(service) ? services.get(service).criticality() : h.criticality(),
                    Math.min(100, loadScore), h.version(), target, updateSteps, e.failureRate()));
        }
        noForecast.forEach((s, why) -> notes.add("No load forecast for " + s + ": " + why + "."));

        Map<String, List<SurgeOption>> surge = new HashMap<>();
        for (InstanceType t : snapshot.instanceTypes()) {
            if (t.capacity().cpuCores() > 0) {
                surge.computeIfAbsent(t.region(), k -> new ArrayList<>()).add(new SurgeOption(t.region(), t.name(),
                        t.capacity().cpuCores(), t.onDemandHourlyUsd(), t.spotHourlyUsd()));
            }
        }
        return new PlanningProblem(scenario, policy.withWindow(window), start, step, steps, hosts, demands, surge,
                prerequisites(snapshot.releases(), snapshot.dependencies(), notes), unplannable, notes);
    }

    /**
     * Which services must be fully updated before each service starts, among services with a
     * release: the services its release requires ({@code requires}), and every breaking release
     * it calls (a caller moves only once what it calls speaks the new API). Calls to a
     * non-breaking release order nothing: such a release is compatible both ways, and ordering it
     * would only lengthen the window. A requirement or breaking call inside a cycle cannot be
     * kept; the cycle's services are updated without an order between them and a note says so.
     */
    static Map<String, Set<String>> prerequisites(List<Release> releases, List<Dependency> dependencies,
                                                  List<String> notes) {
        Set<String> releasing = new HashSet<>();
        releases.forEach(r -> releasing.add(r.service()));
        Map<String, Set<String>> before = new HashMap<>();
        for (Release r : releases) {
            for (String requirement : r.requires()) {
                String required = requirement.split("[<>=!~^\\s]", 2)[0].strip();
                if (releasing.contains(required) && !required.equals(r.service())) {
                    before.computeIfAbsent(r.service(), k -> new TreeSet<>()).add(required);
                }
            }
        }
        Set<String> breaking = new HashSet<>();
        releases.stream().filter(Release::breaking).forEach(r -> breaking.add(r.service()));
        for (Dependency d : dependencies) {
            if (releasing.contains(d.from()) && breaking.contains(d.to()) && !d.from().equals(d.to())) {
                before.computeIfAbsent(d.from(), k -> new TreeSet<>()).add(d.to());
            }
        }
        // break cycles: drop call edges that close one, keeping requirements
        for (String s : new TreeSet<>(before.keySet())) {
            for (String p : new TreeSet<>(before.getOrDefault(s, Set.of()))) {
                if (reaches(before, p, s)) {
                    before.get(s).remove(p);
                    notes.add(s + " and " + p + " depend on each other; they are updated without an order between them.");
                }
            }
        }
        return before;
    }

    private static boolean reaches(Map<String, Set<String>> before, String from, String to) {
        Set<String> seen = new HashSet<>();
        List<String> stack = new ArrayList<>(List.of(from));
        while (!stack.isEmpty()) {
            String at = stack.remove(stack.size() - 1);
            if (at.equals(to)) {
                return true;
            }
            if (seen.add(at)) {
                stack.addAll(before.getOrDefault(at, Set.of()));
            }
        }
        return false;
    }

    /** Events that apply to every one of {@code hosts}: a service's load follows only those as a whole. */
    private static List<ScheduledEvent> eventsOfAll(List<ScheduledEvent> events, List<Host> hosts) {
        List<ScheduledEvent> out = new ArrayList<>(EventEffects.applicable(events, hosts.get(0)));
        for (Host h : hosts.subList(1, hosts.size())) {
            out.retainAll(EventEffects.applicable(events, h));
        }
        return out;
    }

    /**
     * Each host's mean CPU over the last day before {@code at}, relative to the mean of its
     * service's hosts; 1 when either is unknown.
     */
    private static Map<String, Double> relativeLoads(List<Host> hosts, Map<String, MetricSeries> cpu, Instant at) {
        Map<String, Double> own = new HashMap<>();
        Map<String, double[]> byService = new HashMap<>();
        for (Host h : hosts) {
            MetricSeries s = cpu.get(h.id());
            double m = s == null ? Double.NaN : lastDayMean(s, at);
            if (Double.isFinite(m)) {
                own.put(h.id(), m);
                double[] acc = byService.computeIfAbsent(h.services().get(0), k -> new double[2]);
                acc[0] += m;
                acc[1]++;
            }
        }
        Map<String, Double> out = new HashMap<>();
        for (Host h : hosts) {
            Double m = own.get(h.id());
            double[] acc = byService.get(h.services().get(0));
            double mean = acc == null ? 0 : acc[0] / acc[1];
            out.put(h.id(), m == null || mean <= 0 ? 1.0 : m / mean);
        }
        return out;
    }

    private static double lastDayMean(MetricSeries s, Instant at) {
        double sum = 0;
        int n = 0;
        for (int i = s.size() - 1; i >= 0; i--) {
            Instant t = s.time(i);
            if (!t.isBefore(at)) {
                continue;
            }
            if (t.isBefore(at.minus(Duration.ofDays(1)))) {
                break;
            }
            double v = s.value(i);
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The forecast step that covers {@code t}; clamped to the horizon. */
    private static int indexAt(Forecast f, Instant t) {
        long k = Math.floorDiv(t.getEpochSecond() - f.start().getEpochSecond(), f.step().toSeconds());
        return (int) Math.max(0, Math.min(f.horizon() - 1, k));
    }

    private static double clampPercent(double v) {
        return Math.max(0, Math.min(100, v));
    }

    /** The most common step of the fleet's CPU series; five minutes when there are none. */
    static Duration stepOf(AccountSnapshot snapshot) {
        Map<Duration, Integer> counts = new HashMap<>();
        snapshot.metrics().forEach(m -> counts.merge(m.step(), 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(DEFAULT_STEP);
    }

    /**
     * Each service's actual load in cores over the problem's window, from samples at or after the
     * window's start (a replay's "future"); empty when some service has no sample in the window.
     */
    public static Optional<Map<String, double[]>> actualLoad(AccountSnapshot snapshot, PlanningProblem problem) {
        Map<String, MetricSeries> cpu = new HashMap<>();
        for (MetricSeries m : snapshot.metrics()) {
            if (m.id().metric() == Metric.CPU) {
                cpu.put(m.id().hostId(), m);
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (ServiceDemand d : problem.demands().values()) {
            List<Host> hosts = AggregateHistories.hostsOf(d.service(), snapshot.hosts());
            Optional<History> h = AggregateHistories.of("actual", hosts, Metric.CPU, cpu);
            if (h.isEmpty()) {
                return Optional.empty();
            }
            double[] a = new double[problem.steps()];
            double last = Double.NaN;
            for (int t = 0; t < problem.steps(); t++) {
                long k = Math.floorDiv(problem.time(t).getEpochSecond() - h.get().start().getEpochSecond(),
                        h.get().step().toSeconds());
                double v = k >= 0 && k < h.get().size() ? h.get().value((int) k) : Double.NaN;
                if (Double.isNaN(v)) {
                    if (k >= h.get().size()) {
                        return Optional.empty();
                    }
                    v = last; // a missed scrape: carry the last value
                }
                last = v;
                a[t] = Double.isNaN(v) ? 0 : d.capacityCores() * clampPercent(v) / 100;
            }
            out.put(d.service(), a);
        }
        return Optional.of(out);
    }
}
