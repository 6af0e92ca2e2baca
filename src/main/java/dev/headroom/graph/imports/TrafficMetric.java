package dev.headroom.graph.imports;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service-graph metrics the traffic importer understands, in the order it prefers them when a
 * pair of workloads appears in more than one: request counts say more about a dependency than
 * TCP bytes, and Istio's workload labels match Kubernetes workload names where OpenTelemetry's
 * {@code service.name} may not.
 */
enum TrafficMetric {
    ISTIO_REQUESTS("istio_requests", "source_workload", "destination_workload", "calls/s"),
    OTEL_REQUESTS("traces_service_graph_request", "client", "server", "calls/s"),
    ISTIO_TCP_SENT_BYTES("istio_tcp_sent_bytes", "source_workload", "destination_workload", "bytes/s");

    /**
     * A recording-rule or hand-named rate of one of the counters: optional {@code level:} prefix,
     * the counter's stem with or without {@code _total}, then {@code :rate<window>} or {@code _rate}
     * (e.g. {@code workload:istio_requests_total:rate5m}, {@code istio_requests_rate}).
     */
    private static final Pattern RATE_NAME = Pattern.compile(
            "(?:[A-Za-z_][A-Za-z0-9_]*:)?([A-Za-z_][A-Za-z0-9_]*?)(?:_total)?(?::rate[A-Za-z0-9_]*|_rate)");

    private final String stem;
    private final String fromLabel;
    private final String toLabel;
    private final String unit;

    TrafficMetric(String stem, String fromLabel, String toLabel, String unit) {
        this.stem = stem;
        this.fromLabel = fromLabel;
        this.toLabel = toLabel;
        this.unit = unit;
    }

    /** The counter's name as exported, e.g. {@code istio_requests_total}. */
    String counterName() {
        return stem + "_total";
    }

    String fromLabel() {
        return fromLabel;
    }

    String toLabel() {
        return toLabel;
    }

    String unit() {
        return unit;
    }

    /** A series of this metric as exported: a raw counter, or a rate computed before the export. */
    record Kind(TrafficMetric metric, boolean rated) {
    }

    /**
     * What a series is, by its name; a series without a name (a query result of {@code rate(...)}
     * or {@code sum by (...)(rate(...))}, which Prometheus returns nameless) is a request rate,
     * told apart by its labels. Empty when the series is none of the service-graph metrics.
     */
    static Optional<Kind> classify(String name, Map<String, String> labels) {
        if (name == null || name.isEmpty()) {
            for (TrafficMetric metric : new TrafficMetric[] {ISTIO_REQUESTS, OTEL_REQUESTS}) {
                if (labels.containsKey(metric.fromLabel) && labels.containsKey(metric.toLabel)) {
                    return Optional.of(new Kind(metric, true));
                }
            }
            return Optional.empty();
        }
        for (TrafficMetric metric : values()) {
            if (name.equals(metric.counterName())) {
                return Optional.of(new Kind(metric, false));
            }
        }
        Matcher rate = RATE_NAME.matcher(name);
        if (rate.matches()) {
            for (TrafficMetric metric : values()) {
                if (rate.group(1).equals(metric.stem)) {
                    return Optional.of(new Kind(metric, true));
                }
            }
        }
        return Optional.empty();
    }
}
