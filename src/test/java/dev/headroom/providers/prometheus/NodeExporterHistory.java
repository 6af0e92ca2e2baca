package dev.headroom.providers.prometheus;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.SeriesId;
import dev.headroom.providers.sandbox.SandboxConfig;
import dev.headroom.providers.sandbox.SandboxFleetGenerator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's generated fleet (24 hosts, one day of 5-minute utilisation) written as the series
 * node exporter and Istio would have produced, in OpenMetrics text for {@code promtool tsdb
 * create-blocks-from openmetrics}, and what Headroom should read back from them.
 *
 * <p>Sample {@code i} of a sandbox series covers {@code [t_i, t_i + step)}. Counters advance over
 * that step by the utilisation (idle CPU seconds, disk busy seconds, network bytes) and are written
 * at {@code t_0 … t_n}; gauges (MemAvailable) describe the step and are written at its end
 * {@code t_{i+1}}. A missing sandbox sample (NaN: the generator's scrape gaps) leaves the series
 * unwritten at that step's end, as a failed scrape would.
 */
final class NodeExporterHistory {
    static final Duration STEP = Duration.ofMinutes(5);
    static final String JOB = "node";
    private static final double GIB = 1024.0 * 1024 * 1024;

    final AccountSnapshot fleet;
    final Instant start;
    final Instant end;
    final int n;
    private final Map<SeriesId, double[]> utilisation = new HashMap<>();
    /** MemAvailable per host as written, indexed by timestamp {@code t_j}; NaN where not written. */
    final Map<String, double[]> memAvailable = new HashMap<>();

    private NodeExporterHistory(AccountSnapshot fleet) {
        this.fleet = fleet;
        MetricSeries first = fleet.metrics().get(0);
        this.start = first.start();
        this.n = first.size();
        this.end = first.end();
        for (MetricSeries m : fleet.metrics()) {
            double[] v = m.values();
            for (int i = 0; i < v.length; i++) {
                // a utilisation above 100 % would make the idle counter run backwards (a reset)
                v[i] = Double.isNaN(v[i]) ? v[i] : Math.max(0, Math.min(100, v[i]));
            }
            utilisation.put(m.id(), v);
        }
    }

    /** The sandbox's smallest fleet, one day ending at {@code end} (a multiple of five minutes). */
    static NodeExporterHistory generate(Instant end) {
        SandboxConfig config = new SandboxConfig(SandboxConfig.DEFAULT_SEED, SandboxConfig.MIN_HOST_COUNT, 1, STEP, end);
        return new NodeExporterHistory(SandboxFleetGenerator.generate(config, "promfleet", end, ProgressListener.NONE));
    }

    List<Host> hosts() {
        return fleet.hosts();
    }

    List<Dependency> dependencies() {
        return fleet.dependencies();
    }

    Instant time(int j) {
        return start.plus(STEP.multipliedBy(j));
    }

    static String instance(String host) {
        return host + ":9100";
    }

    private double[] u(String host, Metric metric) {
        return utilisation.get(new SeriesId(host, metric));
    }

    /** Whether the series of {@code metric} has a sample at {@code t_j}. */
    private boolean written(String host, Metric metric, int j) {
        return j == 0 ? metric != Metric.MEMORY : !Double.isNaN(u(host, metric)[j - 1]);
    }

    /**
     * What Headroom should read for {@code metric} of {@code host} at index {@code k} (the step
     * {@code [t_k, t_{k+1})}, asked at {@code t_{k+1}}): for a counter the rate over
     * {@code [t_k, t_{k+1}]}, which needs both ends written; for memory the gauge written at
     * {@code t_{k+1}}, else the one at {@code t_k} (Prometheus looks back five minutes).
     */
    double[] expected(String host, Metric metric) {
        double[] u = u(host, metric);
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            if (metric == Metric.MEMORY) {
                out[k] = written(host, metric, k + 1) ? u[k] : written(host, metric, k) ? u[k - 1] : Double.NaN;
            } else {
                out[k] = written(host, metric, k) && written(host, metric, k + 1) ? u[k] : Double.NaN;
            }
        }
        return out;
    }

    static double memTotalBytes(Host h) {
        return h.capacity().memoryGib() * GIB;
    }

    static double speedBytes(Host h) {
        return h.capacity().networkGbps() * 1e9 / 8;
    }

    /** Writes every series as OpenMetrics text, grouped by metric name, each series in time order. */
    void writeOpenMetrics(Path file) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeCpu(w);
            writeMemory(w);
            writeNetwork(w);
            writeDisk(w);
            writeIstio(w);
            w.write("# EOF\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String hostLabels(Host h) {
        return "instance=\"" + instance(h.id()) + "\",job=\"" + JOB + "\",service=\"" + h.primaryService()
                + "\",region=\"" + h.region() + "\",zone=\"" + h.zone() + "\",instance_type=\"" + h.instanceType()
                + "\",version=\"" + h.version() + "\"";
    }

    private void sample(BufferedWriter w, String name, String labels, double value, int j) throws IOException {
        w.write(name);
        w.write('{');
        w.write(labels);
        w.write("} ");
        w.write(Double.toString(value));
        w.write(' ');
        w.write(Long.toString(time(j).getEpochSecond()));
        w.write('\n');
    }

    /**
     * Per CPU and mode: idle and user seconds. CPUs come in pairs whose idle shares differ by
     * ±10 % of the room left, so the per-host average is the sandbox's utilisation while no CPU
     * is the average itself.
     */
    private void writeCpu(BufferedWriter w) throws IOException {
        w.write("# TYPE node_cpu_seconds counter\n");
        long step = STEP.toSeconds();
        for (Host h : hosts()) {
            int cores = (int) h.capacity().cpuCores();
            double[] u = u(h.id(), Metric.CPU);
            for (int c = 0; c < cores; c++) {
                for (String mode : List.of("idle", "user")) {
                    String labels = "cpu=\"" + c + "\"," + hostLabels(h) + ",mode=\"" + mode + "\"";
                    double counter = 100_000 + 1_000 * c;
                    for (int j = 0; j <= n; j++) {
                        if (written(h.id(), Metric.CPU, j)) {
                            sample(w, "node_cpu_seconds_total", labels, counter, j);
                        }
                        if (j < n) {
                            double idle = Double.isNaN(u[j]) ? 0.5 : 1 - u[j] / 100;
                            double spread = 0.1 * Math.min(idle, 1 - idle);
                            if (cores % 2 == 0 || c < cores - 1) {
                                idle += c % 2 == 0 ? spread : -spread;
                            }
                            counter += step * (mode.equals("idle") ? idle : 1 - idle);
                        }
                    }
                }
            }
        }
    }

    private void writeMemory(BufferedWriter w) throws IOException {
        w.write("# TYPE node_memory_MemTotal_bytes gauge\n");
        for (Host h : hosts()) {
            for (int j = 0; j <= n; j++) {
                sample(w, "node_memory_MemTotal_bytes", hostLabels(h), memTotalBytes(h), j);
            }
        }
        w.write("# TYPE node_memory_MemAvailable_bytes gauge\n");
        for (Host h : hosts()) {
            double[] u = u(h.id(), Metric.MEMORY);
            double[] written = new double[n + 1];
            Arrays.fill(written, Double.NaN);
            for (int j = 1; j <= n; j++) {
                if (written(h.id(), Metric.MEMORY, j)) {
                    written[j] = memTotalBytes(h) * (1 - u[j - 1] / 100);
                    sample(w, "node_memory_MemAvailable_bytes", hostLabels(h), written[j], j);
                }
            }
            memAvailable.put(h.id(), written);
        }
    }

    /** Receive and transmit each at the utilisation's share of the link speed, on eth0; lo carries noise. */
    private void writeNetwork(BufferedWriter w) throws IOException {
        w.write("# TYPE node_network_speed_bytes gauge\n");
        for (Host h : hosts()) {
            for (int j = 0; j <= n; j++) {
                sample(w, "node_network_speed_bytes", "device=\"eth0\"," + hostLabels(h), speedBytes(h), j);
            }
        }
        for (String direction : List.of("receive", "transmit")) {
            w.write("# TYPE node_network_" + direction + "_bytes counter\n");
            for (Host h : hosts()) {
                counter(w, "node_network_" + direction + "_bytes_total", "device=\"eth0\"," + hostLabels(h), h,
                        Metric.NETWORK, speedBytes(h) * STEP.toSeconds() / 100);
                // loopback traffic must not count: twice the link's speed, every step
                String lo = "device=\"lo\"," + hostLabels(h);
                for (int j = 0; j <= n; j++) {
                    sample(w, "node_network_" + direction + "_bytes_total", lo, 2 * speedBytes(h) * STEP.toSeconds() * j, j);
                }
            }
        }
    }

    private void writeDisk(BufferedWriter w) throws IOException {
        w.write("# TYPE node_disk_io_time_seconds counter\n");
        for (Host h : hosts()) {
            counter(w, "node_disk_io_time_seconds_total", "device=\"nvme0n1\"," + hostLabels(h), h, Metric.DISK,
                    STEP.toSeconds() / 100.0);
        }
    }

    /** A counter advancing by {@code perPercent} × utilisation each step. */
    private void counter(BufferedWriter w, String name, String labels, Host h, Metric metric, double perPercent)
            throws IOException {
        double[] u = u(h.id(), metric);
        double counter = 1e6;
        for (int j = 0; j <= n; j++) {
            if (written(h.id(), metric, j)) {
                sample(w, name, labels, counter, j);
            }
            if (j < n) {
                counter += perPercent * (Double.isNaN(u[j]) ? 50 : u[j]);
            }
        }
    }

    /**
     * Requests between workloads at the sandbox's edge weights (requests per second), as the
     * destination's proxy reports them, plus the source-side reports at twice the rate that a
     * query must not add in.
     */
    private void writeIstio(BufferedWriter w) throws IOException {
        w.write("# TYPE istio_requests counter\n");
        for (Dependency d : dependencies()) {
            for (String reporter : List.of("destination", "source")) {
                String labels = "destination_workload=\"" + d.to() + "\",reporter=\"" + reporter
                        + "\",response_code=\"200\",source_workload=\"" + d.from() + "\"";
                double perStep = d.weight() * STEP.toSeconds() * (reporter.equals("source") ? 2 : 1);
                for (int j = 0; j <= n; j++) {
                    sample(w, "istio_requests_total", labels, 5_000 + perStep * j, j);
                }
            }
        }
    }
}
