package dev.headroom.graph.imports;

import dev.headroom.domain.Dependency;
import dev.headroom.graph.DiscoveredService;
import dev.headroom.graph.GraphImport;
import dev.headroom.graph.GraphImportException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns the series of one export into workloads and weighted edges; see
 * {@link TrafficMetricsImporter} for the rules.
 */
final class TrafficGraphBuilder {
    private static final Pattern WORKLOAD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    private static final int EXAMPLES = 5;

    private record Pair(String from, String to) {
        @Override
        public String toString() {
            return from + " → " + to;
        }
    }

    private final String file;
    private final Map<String, DiscoveredService> services = new LinkedHashMap<>();
    private final Map<Pair, Map<TrafficMetric.Kind, List<TrafficSeries>>> pairs = new LinkedHashMap<>();
    private final Map<TrafficMetric, double[]> counterSpans = new TreeMap<>();
    private final Map<String, Integer> ignoredNames = new TreeMap<>();
    private final List<String> unknownEnds = new ArrayList<>();
    private final List<String> selfCalls = new ArrayList<>();
    private final List<String> invalidNames = new ArrayList<>();
    private final List<String> missingLabels = new ArrayList<>();
    private final List<String> resets = new ArrayList<>();
    private final List<String> rateUnknown = new ArrayList<>();
    private final List<String> alsoSeen = new ArrayList<>();
    private int recognised;
    private int nonFinite;
    private int reporterChoices;

    private TrafficGraphBuilder(String file) {
        this.file = file;
    }

    /**
     * @throws GraphImportException when a series breaks a rule (negative counter, two samples at one
     *                              time, samples without timestamps) or none of the series is a
     *                              service-graph metric
     */
    static GraphImport build(String file, List<TrafficSeries> series, List<String> warnings) {
        TrafficGraphBuilder builder = new TrafficGraphBuilder(file);
        for (TrafficSeries one : series) {
            builder.add(one);
        }
        if (builder.recognised == 0 && !series.isEmpty()) {
            throw new GraphImportException(file, 0, "no service-graph metric found (expected the counters "
                    + "istio_requests_total, istio_tcp_sent_bytes_total or traces_service_graph_request_total, "
                    + "a rate of one of them named like istio_requests_total:rate5m or istio_requests_rate, "
                    + "or a nameless rate(...) query result); found " + examples(builder.ignoredNames.keySet().stream()
                    .map(name -> name + " (" + builder.ignoredNames.get(name) + " series)").toList()));
        }
        List<Dependency> edges = builder.edges();
        return new GraphImport(file, List.copyOf(builder.services.values()), edges, builder.notes(warnings));
    }

    private void add(TrafficSeries series) {
        Optional<TrafficMetric.Kind> classified = TrafficMetric.classify(series.name(), series.labels());
        if (classified.isEmpty()) {
            ignoredNames.merge(series.name() == null ? "(series without a name)" : series.name(), 1, Integer::sum);
            return;
        }
        recognised++;
        TrafficMetric.Kind kind = classified.get();
        TrafficMetric metric = kind.metric();
        validate(series, kind);
        String from = series.labels().get(metric.fromLabel());
        String to = series.labels().get(metric.toLabel());
        if (from == null || to == null) {
            missingLabels.add(series.display() + " at " + series.location());
            return;
        }
        if (!kind.rated()) {
            widenSpan(metric, series);
        }
        boolean fromKnown = workload(from, series);
        boolean toKnown = workload(to, series);
        if (unknown(from) || unknown(to)) {
            unknownEnds.add(shown(from) + " → " + shown(to) + " (" + series.location() + ")");
        } else if (fromKnown && toKnown && from.equals(to)) {
            selfCalls.add(from + " (" + series.location() + ")");
        } else if (fromKnown && toKnown) {
            pairs.computeIfAbsent(new Pair(from, to), p -> new LinkedHashMap<>())
                    .computeIfAbsent(kind, k -> new ArrayList<>()).add(series);
        }
    }

    /** Drops non-finite samples (Prometheus writes NaN as a staleness marker), sorts by time and checks what a rate needs. */
    private void validate(TrafficSeries series, TrafficMetric.Kind kind) {
        List<TrafficSeries.Sample> samples = series.samples();
        int before = samples.size();
        samples.removeIf(sample -> !Double.isFinite(sample.value()));
        nonFinite += before - samples.size();
        for (TrafficSeries.Sample sample : samples) {
            if (sample.value() < 0) {
                throw sampleError(series, sample, (kind.rated() ? "negative rate " : "negative counter value ")
                        + sample.value() + " for " + series.display());
            }
            if (samples.size() > 1 && Double.isNaN(sample.time())) {
                throw sampleError(series, sample, "a sample of " + series.display()
                        + " has no timestamp, and the series has several samples whose order cannot be known");
            }
        }
        samples.sort(Comparator.comparingDouble(TrafficSeries.Sample::time));
        for (int i = 1; i < samples.size(); i++) {
            if (samples.get(i).time() == samples.get(i - 1).time()) {
                throw sampleError(series, samples.get(i), "two samples of " + series.display()
                        + " at the same time " + instant(samples.get(i).time()));
            }
        }
    }

    private GraphImportException sampleError(TrafficSeries series, TrafficSeries.Sample sample, String problem) {
        return sample.line() > 0
                ? new GraphImportException(file, sample.line(), problem)
                : new GraphImportException(file, 0, "at " + series.location() + ": " + problem);
    }

    private void widenSpan(TrafficMetric metric, TrafficSeries series) {
        for (TrafficSeries.Sample sample : series.samples()) {
            if (!Double.isNaN(sample.time())) {
                double[] span = counterSpans.computeIfAbsent(metric, m -> new double[] {sample.time(), sample.time()});
                span[0] = Math.min(span[0], sample.time());
                span[1] = Math.max(span[1], sample.time());
            }
        }
    }

    /** Records a workload seen in a label; whether it names one (not empty, not {@code unknown}, a valid name). */
    private boolean workload(String name, TrafficSeries series) {
        if (unknown(name)) {
            return false;
        }
        if (!WORKLOAD.matcher(name).matches()) {
            invalidNames.add("\"" + name + "\" (" + series.location() + ")");
            return false;
        }
        services.computeIfAbsent(name, n -> DiscoveredService.named(n, "traffic", series.evidence(file)));
        return true;
    }

    private List<Dependency> edges() {
        List<Dependency> edges = new ArrayList<>();
        for (Map.Entry<Pair, Map<TrafficMetric.Kind, List<TrafficSeries>>> entry : pairs.entrySet()) {
            Pair pair = entry.getKey();
            Map<TrafficMetric.Kind, List<TrafficSeries>> kinds = entry.getValue();
            TrafficMetric.Kind chosen = preferred(kinds);
            List<TrafficSeries> series = oneReporter(chosen.metric(), kinds.get(chosen));
            int samples = series.stream().mapToInt(s -> s.samples().size()).sum();
            String metricName = metricName(chosen, series);
            double weight;
            String over;
            if (chosen.rated()) {
                weight = series.stream().mapToDouble(TrafficGraphBuilder::mean).sum();
                over = period(series.stream().flatMap(s -> s.samples().stream()).toList());
            } else {
                double[] span = counterSpans.get(chosen.metric());
                double seconds = span == null ? 0 : span[1] - span[0];
                double increase = 0;
                for (TrafficSeries one : series) {
                    increase += increase(one, pair);
                }
                if (seconds > 0) {
                    weight = increase / seconds;
                    over = "over " + duration(seconds);
                } else {
                    weight = 0;
                    over = "at one instant";
                    rateUnknown.add(pair + " (" + metricName + ")");
                }
            }
            kinds.keySet().stream().filter(kind -> !kind.equals(chosen))
                    .forEach(kind -> alsoSeen.add(pair + " in " + metricName(kind, kinds.get(kind))
                            + " (" + kind.metric().unit() + ")"));
            edges.add(new Dependency(pair.from(), pair.to(), weight,
                    "traffic " + metricName + " " + over + " (" + samples + (samples == 1 ? " sample)" : " samples)")));
        }
        return edges;
    }

    private static TrafficMetric.Kind preferred(Map<TrafficMetric.Kind, List<TrafficSeries>> kinds) {
        for (TrafficMetric metric : TrafficMetric.values()) {
            for (boolean rated : new boolean[] {false, true}) {
                TrafficMetric.Kind kind = new TrafficMetric.Kind(metric, rated);
                if (kinds.containsKey(kind)) {
                    return kind;
                }
            }
        }
        throw new IllegalStateException("a pair is recorded only with a kind");
    }

    /**
     * Istio counts a request in the client's proxy (reporter="source") and again in the server's
     * (reporter="destination"); summing both would double the rate. The server's count is taken
     * where it exists, the client's where the server has no proxy.
     */
    private List<TrafficSeries> oneReporter(TrafficMetric metric, List<TrafficSeries> series) {
        if (metric == TrafficMetric.OTEL_REQUESTS) {
            return series;
        }
        List<TrafficSeries> destination = series.stream()
                .filter(s -> "destination".equals(s.labels().get("reporter"))).toList();
        if (destination.isEmpty() || destination.size() == series.size()) {
            return series;
        }
        reporterChoices++;
        return destination;
    }

    /** The counter's increase, a drop being a restart from zero (as Prometheus's {@code increase()} reads it). */
    private double increase(TrafficSeries series, Pair pair) {
        double increase = 0;
        List<TrafficSeries.Sample> samples = series.samples();
        for (int i = 1; i < samples.size(); i++) {
            double previous = samples.get(i - 1).value();
            double current = samples.get(i).value();
            if (current >= previous) {
                increase += current - previous;
            } else {
                increase += current;
                resets.add(pair + " at " + instant(samples.get(i).time()));
            }
        }
        return increase;
    }

    private static double mean(TrafficSeries series) {
        return series.samples().stream().mapToDouble(TrafficSeries.Sample::value).average().orElse(0);
    }

    private static String metricName(TrafficMetric.Kind kind, List<TrafficSeries> series) {
        String name = series.get(0).name();
        return name != null ? name : "rate(" + kind.metric().counterName() + ")";
    }

    private static String period(List<TrafficSeries.Sample> samples) {
        double first = samples.stream().mapToDouble(TrafficSeries.Sample::time).filter(t -> !Double.isNaN(t)).min().orElse(Double.NaN);
        double last = samples.stream().mapToDouble(TrafficSeries.Sample::time).filter(t -> !Double.isNaN(t)).max().orElse(Double.NaN);
        if (Double.isNaN(first)) {
            return "at an unstated time";
        }
        return last > first ? "over " + duration(last - first) : "at " + instant(first);
    }

    static String duration(double seconds) {
        long total = Math.round(seconds);
        long days = total / 86_400;
        long hours = total % 86_400 / 3_600;
        long minutes = total % 3_600 / 60;
        long secs = total % 60;
        List<String> parts = new ArrayList<>();
        if (days > 0) {
            parts.add(days + "d");
        }
        if (hours > 0) {
            parts.add(hours + "h");
        }
        if (minutes > 0) {
            parts.add(minutes + "m");
        }
        if (secs > 0 || parts.isEmpty()) {
            parts.add(secs + "s");
        }
        return String.join(" ", parts);
    }

    private static String instant(double seconds) {
        return Double.isNaN(seconds) ? "an unstated time" : Instant.ofEpochMilli(Math.round(seconds * 1000)).toString();
    }

    private static boolean unknown(String workload) {
        return workload.isEmpty() || workload.equals("unknown");
    }

    private static String shown(String workload) {
        return workload.isEmpty() ? "(empty)" : workload;
    }

    private List<String> notes(List<String> warnings) {
        List<String> notes = new ArrayList<>(warnings);
        if (!unknownEnds.isEmpty()) {
            notes.add("skipped " + unknownEnds.size() + " series whose source or destination is unknown or empty "
                    + "(traffic from outside the mesh or to an external host): " + examples(unknownEnds));
        }
        if (!selfCalls.isEmpty()) {
            notes.add("skipped " + selfCalls.size() + " series of a workload calling itself: " + examples(selfCalls));
        }
        if (!invalidNames.isEmpty()) {
            notes.add("skipped " + invalidNames.size() + " series naming a workload that is not a valid service name: "
                    + examples(invalidNames));
        }
        if (!missingLabels.isEmpty()) {
            notes.add("skipped " + missingLabels.size() + " series without their source and destination labels: "
                    + examples(missingLabels));
        }
        if (!resets.isEmpty()) {
            notes.add("counted " + resets.size() + " counter reset(s) (a drop is a restart from zero): " + examples(resets));
        }
        if (!rateUnknown.isEmpty()) {
            notes.add("weight 0 (rate unknown) for " + rateUnknown.size() + " edge(s): their counter has samples at one "
                    + "instant only; export a range of several scrapes to get rates: " + examples(rateUnknown));
        }
        if (!alsoSeen.isEmpty()) {
            notes.add("the weight of each edge comes from one metric (requests before TCP bytes, counters before rates); "
                    + "also seen but not added: " + examples(alsoSeen));
        }
        if (reporterChoices > 0) {
            notes.add("for " + reporterChoices + " edge(s) both proxies reported the requests; the destination's count "
                    + "(reporter=\"destination\") was used so that no request counts twice");
        }
        if (nonFinite > 0) {
            notes.add("skipped " + nonFinite + " NaN or infinite sample(s)");
        }
        if (!ignoredNames.isEmpty()) {
            notes.add("ignored " + ignoredNames.values().stream().mapToInt(Integer::intValue).sum()
                    + " series of other metrics: " + examples(List.copyOf(ignoredNames.keySet())));
        }
        return notes;
    }

    private static String examples(List<String> items) {
        String shown = String.join(", ", items.subList(0, Math.min(EXAMPLES, items.size())));
        return items.size() > EXAMPLES ? shown + " and " + (items.size() - EXAMPLES) + " more" : shown;
    }
}
