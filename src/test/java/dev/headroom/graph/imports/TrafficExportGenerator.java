package dev.headroom.graph.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes service-graph metric exports for a known set of edges with rates it chooses, the way a
 * mesh would record them: several counter series per edge (response codes, both Istio reporters),
 * 5-minute scrapes over three hours, plus the noise real exports carry (traffic from an unknown
 * source, to an unknown destination, a workload calling itself, a counter reset, other metrics).
 */
final class TrafficExportGenerator {
    record Edge(String from, String to) {
    }

    /** One generated series: its metric, labels and one value per scrape. */
    private record Series(String name, Map<String, String> labels, double[] values) {
    }

    static final long START_SECONDS = 1_790_000_000L;
    static final int STEP_SECONDS = 300;
    static final int STEPS = 36;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<Edge> edges;
    private final Map<Edge, Double> rates = new LinkedHashMap<>();
    private final Random random;

    TrafficExportGenerator(List<Edge> edges, long seed) {
        this.edges = List.copyOf(edges);
        this.random = new Random(seed);
        for (Edge edge : edges) {
            rates.put(edge, Math.round((0.5 + random.nextDouble() * 200) * 1000) / 1000.0);
        }
    }

    /** The true edges of {@code topology/edges.json}. */
    static List<Edge> trueEdges(Path topology) throws IOException {
        List<Edge> edges = new ArrayList<>();
        for (JsonNode edge : MAPPER.readTree(topology.resolve("edges.json").toFile()).get("edges")) {
            edges.add(new Edge(edge.get("from").asText(), edge.get("to").asText()));
        }
        return edges;
    }

    /** Calls per second chosen for each edge. */
    Map<Edge, Double> rates() {
        return rates;
    }

    /** The workload the unknown source calls and the self-call loops on: a real one, so services stay those of the true edges. */
    private String entry() {
        return edges.get(0).from();
    }

    /**
     * Istio counters. Edge i is reported by the client's proxy only (i % 3 == 0), the server's only
     * (i % 3 == 1) or both with equal counts (i % 3 == 2), so that counting a request twice shows.
     * The first series of the first edge resets halfway.
     */
    private List<Series> istioCounters() {
        List<Series> series = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            Edge edge = edges.get(i);
            List<String> reporters = switch (i % 3) {
                case 0 -> List.of("source");
                case 1 -> List.of("destination");
                default -> List.of("source", "destination");
            };
            for (String reporter : reporters) {
                for (String code : List.of("200", "503")) {
                    double share = code.equals("200") ? 0.9 : 0.1;
                    Map<String, String> labels = istioLabels(edge.from(), edge.to(), reporter, code);
                    series.add(new Series("istio_requests_total", labels,
                            counter(rates.get(edge) * share, i == 0 && series.isEmpty())));
                }
            }
        }
        Map<String, String> escaped = istioLabels("unknown", entry(), "destination", "200");
        escaped.put("source_principal", "spiffe://cluster.local/ns/\"edge\"\\gateway\nsa");
        series.add(new Series("istio_requests_total", escaped, counter(5, false)));
        series.add(new Series("istio_requests_total", istioLabels(edges.get(0).to(), "unknown", "source", "200"),
                counter(3, false)));
        series.add(new Series("istio_requests_total", istioLabels(entry(), entry(), "source", "200"),
                counter(7, false)));
        series.add(new Series("istio_request_duration_milliseconds_sum",
                istioLabels(edges.get(0).from(), "not-a-dependency", "source", "200"), counter(900, false)));
        return series;
    }

    private static Map<String, String> istioLabels(String from, String to, String reporter, String code) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("reporter", reporter);
        labels.put("source_workload", from);
        labels.put("source_workload_namespace", "default");
        labels.put("destination_workload", to);
        labels.put("destination_workload_namespace", "default");
        labels.put("destination_service", to + ".default.svc.cluster.local");
        labels.put("request_protocol", "http");
        labels.put("response_code", code);
        labels.put("connection_security_policy", "mutual_tls");
        return labels;
    }

    /** OpenTelemetry service-graph counters, split by connection type, with the same noise as Istio's. */
    private List<Series> otelCounters() {
        List<Series> series = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            Edge edge = edges.get(i);
            series.add(new Series("traces_service_graph_request_total", otelLabels(edge.from(), edge.to(), ""),
                    counter(rates.get(edge) * 0.75, i == 0)));
            series.add(new Series("traces_service_graph_request_total", otelLabels(edge.from(), edge.to(), "database"),
                    counter(rates.get(edge) * 0.25, false)));
        }
        series.add(new Series("traces_service_graph_request_total", otelLabels("", entry(), ""), counter(5, false)));
        series.add(new Series("traces_service_graph_request_total", otelLabels(entry(), entry(), ""), counter(7, false)));
        series.add(new Series("traces_service_graph_request_failed_total",
                otelLabels(edges.get(0).from(), "not-a-dependency", ""), counter(1, false)));
        return series;
    }

    private static Map<String, String> otelLabels(String client, String server, String connectionType) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("client", client);
        labels.put("server", server);
        labels.put("connection_type", connectionType);
        return labels;
    }

    /**
     * Counter values at each scrape for a mean rate: increments alternate 40 % above and below the
     * mean (an even number of steps, so they average out exactly), rounded as a real counter is.
     * A reset restarts the counter from zero at the previous scrape, keeping the true increase.
     */
    private double[] counter(double rate, boolean reset) {
        double[] values = new double[STEPS + 1];
        double offset = 1_000 + random.nextInt(50_000);
        double total = 0;
        values[0] = offset;
        for (int k = 1; k <= STEPS; k++) {
            total += rate * STEP_SECONDS * (k % 2 == 0 ? 1.4 : 0.6);
            values[k] = Math.round(offset + total);
        }
        if (reset) {
            int at = STEPS / 2;
            double before = values[at - 1];
            for (int k = at; k <= STEPS; k++) {
                values[k] -= before;
            }
        }
        return values;
    }

    String istioOpenMetrics() {
        return openMetrics(istioCounters(), "istio_requests", "Total requests, \"as counted\" by the proxies\\sidecars.", true);
    }

    /** The Prometheus text format: millisecond timestamps, no {@code # EOF}. */
    String istioPrometheusText() {
        return openMetrics(istioCounters(), "istio_requests", "Total requests.", false);
    }

    String otelOpenMetrics() {
        return openMetrics(otelCounters(), "traces_service_graph_request", "Requests between two nodes.", true);
    }

    private static String openMetrics(List<Series> series, String family, String help, boolean openMetrics) {
        StringBuilder text = new StringBuilder();
        text.append("# HELP ").append(family).append(' ').append(help.replace("\\", "\\\\")).append('\n');
        text.append("# TYPE ").append(family).append(" counter\n");
        for (Series one : series) {
            for (int k = 0; k <= STEPS; k++) {
                long seconds = START_SECONDS + (long) k * STEP_SECONDS;
                text.append(one.name()).append('{');
                List<String> labels = new ArrayList<>();
                one.labels().forEach((name, value) -> labels.add(name + "=\"" + value.replace("\\", "\\\\")
                        .replace("\"", "\\\"").replace("\n", "\\n") + "\""));
                text.append(String.join(",", labels)).append("} ")
                        .append(String.format(Locale.ROOT, "%.0f", one.values()[k])).append(' ')
                        .append(openMetrics ? seconds + ".000" : Long.toString(seconds * 1000)).append('\n');
            }
        }
        if (openMetrics) {
            text.append("# EOF\n");
        }
        return text.toString();
    }

    /** {@code /api/v1/query_range} of {@code istio_requests_total}: a matrix with the same series. */
    String istioApiMatrix() {
        ObjectNode root = MAPPER.createObjectNode().put("status", "success");
        ObjectNode data = root.putObject("data").put("resultType", "matrix");
        ArrayNode result = data.putArray("result");
        for (Series one : istioCounters()) {
            ObjectNode entry = result.addObject();
            ObjectNode metric = entry.putObject("metric").put("__name__", one.name());
            one.labels().forEach(metric::put);
            ArrayNode values = entry.putArray("values");
            for (int k = 0; k <= STEPS; k++) {
                values.addArray().add(START_SECONDS + (double) k * STEP_SECONDS)
                        .add(String.format(Locale.ROOT, "%.0f", one.values()[k]));
            }
        }
        return root.toString();
    }

    /**
     * {@code /api/v1/query} of {@code sum by (source_workload, destination_workload, response_code)
     * (rate(istio_requests_total{reporter="destination"}[3h]))}: nameless rates at one instant.
     */
    String istioApiRateVector() {
        ObjectNode root = MAPPER.createObjectNode().put("status", "success");
        ObjectNode data = root.putObject("data").put("resultType", "vector");
        ArrayNode result = data.putArray("result");
        long at = START_SECONDS + (long) STEPS * STEP_SECONDS;
        for (Edge edge : edges) {
            for (String code : List.of("200", "503")) {
                double share = code.equals("200") ? 0.9 : 0.1;
                rateEntry(result, edge.from(), edge.to(), code, rates.get(edge) * share, at);
            }
        }
        rateEntry(result, "unknown", entry(), "200", 5, at);
        rateEntry(result, entry(), entry(), "200", 7, at);
        return root.toString();
    }

    private static void rateEntry(ArrayNode result, String from, String to, String code, double rate, long at) {
        ObjectNode entry = result.addObject();
        entry.putObject("metric").put("source_workload", from).put("destination_workload", to).put("response_code", code);
        entry.putArray("value").add(at).add(String.format(Locale.ROOT, "%.6f", rate));
    }
}
