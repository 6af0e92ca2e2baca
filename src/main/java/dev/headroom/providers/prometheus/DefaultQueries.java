package dev.headroom.providers.prometheus;

import dev.headroom.providers.prometheus.PrometheusSettings.Preset;
import dev.headroom.providers.prometheus.PrometheusSettings.QueryKind;
import dev.headroom.providers.prometheus.PrometheusSettings.ServiceGraph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The queries Headroom runs out of the box, as templates. Placeholders: {@code ${host}} the host
 * label of the mapping, {@code ${labels}} the other mapped labels (each preceded by a comma),
 * {@code ${window}} the range of {@code rate()}, {@code ${selector}} the operator's extra matchers
 * (preceded by a comma, empty when there are none). Utilisation queries give percent per host;
 * docs/prometheus.md shows them expanded.
 */
public final class DefaultQueries {
    private DefaultQueries() {
    }

    /** Series of the host label that are not empty: also what keeps every selector non-empty. */
    private static final String HOST_SET = "${host}!=\"\"${selector}";

    public static final String NODE_CPU =
            "100 * (1 - avg by (${host}) (rate(node_cpu_seconds_total{mode=\"idle\"${selector}}[${window}])))";
    public static final String NODE_MEMORY =
            "100 * (1 - sum by (${host}) (node_memory_MemAvailable_bytes{" + HOST_SET + "})"
                    + " / sum by (${host}) (node_memory_MemTotal_bytes{" + HOST_SET + "}))";
    /** Receive plus transmit over twice the link speed: the share of a full-duplex link in use. */
    public static final String NODE_NETWORK =
            "100 * sum by (${host}) (rate(node_network_receive_bytes_total{device!=\"lo\"${selector}}[${window}])"
                    + " + rate(node_network_transmit_bytes_total{device!=\"lo\"${selector}}[${window}]))"
                    + " / sum by (${host}) (2 * (node_network_speed_bytes{device!=\"lo\"${selector}} > 0))";
    /** The busiest disk's share of time with I/O in flight. */
    public static final String NODE_DISK =
            "100 * max by (${host}) (rate(node_disk_io_time_seconds_total{" + HOST_SET + "}[${window}]))";
    public static final String NODE_HOSTS =
            "group by (${host}${labels}) (node_cpu_seconds_total{mode=\"idle\"${selector}})";
    public static final String NODE_CORES = "count by (${host}) (node_cpu_seconds_total{mode=\"idle\"${selector}})";
    public static final String NODE_MEMORY_BYTES = "sum by (${host}) (node_memory_MemTotal_bytes{" + HOST_SET + "})";
    public static final String NODE_NETWORK_BYTES =
            "sum by (${host}) (node_network_speed_bytes{device!=\"lo\"${selector}} > 0)";

    public static final String KUBE_CPU =
            "100 * sum by (${host}) (rate(container_cpu_usage_seconds_total{container!=\"\",pod!=\"\"${selector}}[${window}]))"
                    + " / on (${host}) sum by (${host}) (kube_node_status_capacity{resource=\"cpu\"})";
    public static final String KUBE_MEMORY =
            "100 * sum by (${host}) (container_memory_working_set_bytes{container!=\"\",pod!=\"\"${selector}})"
                    + " / on (${host}) sum by (${host}) (kube_node_status_capacity{resource=\"memory\"})";
    public static final String KUBE_HOSTS = "group by (${host}${labels}) (kube_node_labels{" + HOST_SET + "})";
    public static final String KUBE_CORES = "sum by (${host}) (kube_node_status_capacity{resource=\"cpu\"${selector}})";
    public static final String KUBE_MEMORY_BYTES =
            "sum by (${host}) (kube_node_status_capacity{resource=\"memory\"${selector}})";
    /** Pods kube-state-metrics places on each node, with the owner that names their service. */
    public static final String KUBE_POD_SERVICES = "group by (node, ${service}) (kube_pod_info{node!=\"\"${selector}})";

    /** Istio's request counter as the destination's proxy reports it: workload to workload. */
    public static final String ISTIO_GRAPH = "sum by (source_workload, destination_workload) "
            + "(rate(istio_requests_total{reporter=\"destination\"}[${window}]))";
    /** The OpenTelemetry Collector's servicegraph connector: client to server. */
    public static final String OTEL_GRAPH = "sum by (client, server) (rate(traces_service_graph_request_total[${window}]))";

    /** The preset's template for {@code kind}; empty when the preset has none (the metric is not read). */
    static String template(Preset preset, ServiceGraph graph, QueryKind kind) {
        if (kind == QueryKind.SERVICE_GRAPH) {
            return switch (graph) {
                case ISTIO -> ISTIO_GRAPH;
                case OTEL -> OTEL_GRAPH;
                case NONE -> "";
            };
        }
        if (preset == Preset.KUBERNETES) {
            return switch (kind) {
                case CPU -> KUBE_CPU;
                case MEMORY -> KUBE_MEMORY;
                case HOSTS -> KUBE_HOSTS;
                case CORES -> KUBE_CORES;
                case MEMORY_BYTES -> KUBE_MEMORY_BYTES;
                default -> "";
            };
        }
        return switch (kind) {
            case CPU -> NODE_CPU;
            case MEMORY -> NODE_MEMORY;
            case NETWORK -> NODE_NETWORK;
            case DISK -> NODE_DISK;
            case HOSTS -> NODE_HOSTS;
            case CORES -> NODE_CORES;
            case MEMORY_BYTES -> NODE_MEMORY_BYTES;
            case NETWORK_BYTES_PER_SECOND -> NODE_NETWORK_BYTES;
            default -> "";
        };
    }

    /** {@code template} with its placeholders filled in from the settings, for a rate range of {@code window}. */
    static String expand(String template, PrometheusSettings settings, Duration window) {
        LabelMapping m = settings.mapping();
        List<String> labels = new ArrayList<>();
        for (String l : List.of(m.regionLabel(), m.zoneLabel(), m.instanceTypeLabel(), m.versionLabel())) {
            if (!l.isEmpty() && !labels.contains(l) && !l.equals(m.hostLabel())) {
                labels.add(l);
            }
        }
        if (m.serviceSource() == LabelMapping.ServiceSource.LABEL && !labels.contains(m.serviceLabel())
                && !m.serviceLabel().equals(m.hostLabel())) {
            labels.add(m.serviceLabel());
        }
        StringBuilder by = new StringBuilder();
        for (String l : labels) {
            by.append(", ").append(l);
        }
        return template.replace("${host}", m.hostLabel())
                .replace("${labels}", by.toString())
                .replace("${service}", m.serviceLabel())
                .replace("${window}", PrometheusSettings.format(window))
                .replace("${selector}", settings.selector().isEmpty() ? "" : "," + settings.selector());
    }
}
