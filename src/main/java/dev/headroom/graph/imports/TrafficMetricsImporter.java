package dev.headroom.graph.imports;

import dev.headroom.graph.GraphImport;
import dev.headroom.graph.GraphImportException;
import dev.headroom.graph.GraphImporter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Discovers dependencies from service-graph metrics exported to a file, in the Prometheus text
 * exposition or OpenMetrics format ({@link PromTextParser}) or as the JSON the Prometheus HTTP API
 * returns for {@code /api/v1/query_range} and {@code /api/v1/query} ({@link TrafficApiJsonReader}).
 *
 * <p>Rules, so that an operator can predict the result:
 * <ul>
 *   <li>Metrics: the counters {@code istio_requests_total{source_workload, destination_workload}}
 *       and {@code traces_service_graph_request_total{client, server}} give calls/s,
 *       {@code istio_tcp_sent_bytes_total} gives bytes/s. A series already holding a rate is
 *       recognised by its name: an optional {@code level:} prefix, one of those counters (with or
 *       without {@code _total}), then {@code :rate<window>} or {@code _rate}
 *       ({@code workload:istio_requests_total:rate5m}); a series without a name, as Prometheus
 *       returns {@code rate(...)} and {@code sum by (...)(rate(...))}, is a request rate told apart
 *       by its labels. Other metrics are ignored and listed in a note.</li>
 *   <li>Counters: the weight is the increase summed over every series of the pair (all other
 *       labels) divided by the span the metric's samples cover in the file, so it is the mean rate
 *       over the export. A drop in a counter is a reset: the new value is counted as increase since
 *       zero. A counter with samples at one instant only gives weight 0 and a note.</li>
 *   <li>Rates: the weight is the sum over the pair's series of each series' mean value.</li>
 *   <li>Istio counts a request at both proxies; where {@code reporter="destination"} series exist for
 *       a pair only they are used.</li>
 *   <li>Each edge's weight comes from one metric: Istio requests, then OpenTelemetry requests, then
 *       TCP bytes, counters before rates; the others seen for the pair are noted, not added.</li>
 *   <li>Every workload seen in a source or destination label becomes a service of kind
 *       {@code traffic}; {@code unknown} or empty ends and self-calls make no edge and are noted.</li>
 *   <li>Timestamps of 10^11 or more are milliseconds, smaller ones seconds.</li>
 * </ul>
 * Edge evidence reads {@code traffic istio_requests_total over 3h (148 samples)}.
 */
public final class TrafficMetricsImporter implements GraphImporter {
    private static final List<String> TEXT_SUFFIXES = List.of(".prom", ".om", ".txt", ".metrics", ".openmetrics");
    private static final int SNIFF_BYTES = 16_384;

    @Override
    public String name() {
        return "traffic";
    }

    /**
     * A {@code .json} file holding a Prometheus API response, or a text export ({@code .prom},
     * {@code .om}, {@code .txt}, {@code .metrics}, {@code .openmetrics}) that mentions one of the
     * service-graph metrics in its first 16 KiB.
     */
    @Override
    public boolean accepts(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean json = name.endsWith(".json");
        if (!json && TEXT_SUFFIXES.stream().noneMatch(name::endsWith)) {
            return false;
        }
        String head;
        try {
            head = head(file);
        } catch (IOException e) {
            return false;
        }
        if (json) {
            return head.contains("\"resultType\"") || head.contains("\"errorType\"");
        }
        return head.contains("istio_requests") || head.contains("istio_tcp_sent_bytes")
                || head.contains("traces_service_graph_request");
    }

    @Override
    public GraphImport read(Path file) {
        String shown = file.toString();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (isJson(file)) {
                TrafficApiJsonReader.Response response = TrafficApiJsonReader.read(shown, in);
                return TrafficGraphBuilder.build(shown, response.series(), response.warnings());
            }
            return TrafficGraphBuilder.build(shown, PromTextParser.parse(shown, in), List.of());
        } catch (CharacterCodingException e) {
            throw new GraphImportException(shown, 0, "not UTF-8 text", e);
        } catch (IOException e) {
            throw new GraphImportException(shown, 0, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** JSON by its first non-blank character, whatever the file is called. */
    private static boolean isJson(Path file) throws IOException {
        String head = head(file).stripLeading();
        return head.startsWith("{") || head.startsWith("[");
    }

    private static String head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(SNIFF_BYTES), StandardCharsets.UTF_8);
        }
    }
}
