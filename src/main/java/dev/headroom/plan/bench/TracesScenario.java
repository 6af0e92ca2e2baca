package dev.headroom.plan.bench;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Release;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.domain.Slo;
import dev.headroom.domain.Window;
import dev.headroom.scenario.LongMetricsCsv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A planning scenario built from real load traces (the layout of {@code shared/data/traces}):
 * every CPU utilisation trace with at least a day of history before a six-hour window becomes a
 * service of {@value #HOSTS_PER_SERVICE} identical hosts that share its load. Each trace is
 * shifted in time so that all windows start at the same instant, its last six hours are the
 * actual load the replay sees, and its fleet is sized the way operators size one: the
 * history's peak at {@value #SIZED_PEAK_PERCENT} % of capacity. Every service has a release, so
 * every host is updated.
 */
public final class TracesScenario {
    static final int HOSTS_PER_SERVICE = 8;
    static final double SIZED_PEAK_PERCENT = 80;
    static final int WINDOW_STEPS = 72;
    static final double HOST_CORES = 4;
    static final Instant WINDOW_START = Instant.parse("2026-01-05T00:00:00Z");
    private static final String[] REGIONS = {"eu-west-1", "us-east-1", "ap-southeast-1"};

    private TracesScenario() {
    }

    /** The scenario, or an error naming what is missing in {@code dir}. */
    public static AccountSnapshot read(Path dir) {
        Path series = dir.resolve("series.csv");
        Path metadata = dir.resolve("metadata.csv");
        if (!Files.isRegularFile(series) || !Files.isRegularFile(metadata)) {
            throw new HeadroomException(dir + " must hold series.csv and metadata.csv (the layout of shared/data/traces).");
        }
        Map<String, Double> scaleToPercent = cpuSeries(metadata);
        List<String> notes = new ArrayList<>();
        List<LongMetricsCsv.Series<String>> all = LongMetricsCsv.read(series, id -> id, notes);
        List<InstanceType> types = new ArrayList<>();
        for (String r : REGIONS) {
            types.add(new InstanceType("m5.xlarge", r, new Capacity(HOST_CORES, 16, 10, 500), 0.192, 0.072));
            types.add(new InstanceType("m5.4xlarge", r, new Capacity(16, 64, 10, 1000), 0.768, 0.30));
        }
        List<Host> hosts = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        List<MetricSeries> metrics = new ArrayList<>();
        List<Release> releases = new ArrayList<>();
        int index = 0;
        for (LongMetricsCsv.Series<String> s : all) {
            Double scale = scaleToPercent.get(s.key());
            int history = s.values().length - WINDOW_STEPS;
            if (scale == null || !s.step().equals(Duration.ofMinutes(5)) || history < 288) {
                continue;
            }
            double peak = 0;
            for (int i = 0; i < history; i++) {
                if (Double.isFinite(s.values()[i])) {
                    peak = Math.max(peak, s.values()[i] * scale);
                }
            }
            if (peak <= 0) {
                continue;
            }
            double[] load = new double[s.values().length];
            for (int i = 0; i < load.length; i++) {
                double v = s.values()[i] * scale * SIZED_PEAK_PERCENT / peak;
                load[i] = Double.isFinite(v) ? Math.min(100, Math.max(0, v)) : Double.NaN;
            }
            String name = "svc-" + String.format(Locale.ROOT, "%03d", index);
            Criticality c = Criticality.values()[index % 4];
            String region = REGIONS[index % REGIONS.length];
            services.add(new Service(name, c, new Slo(1.0, 0.0)));
            releases.add(new Release(name, "v1.1.0", List.of(), false));
            Instant start = WINDOW_START.minus(s.step().multipliedBy(history));
            for (int h = 1; h <= HOSTS_PER_SERVICE; h++) {
                String id = name + "-" + h;
                hosts.add(new Host(id, List.of(name), region, region + (h % 2 == 0 ? "a" : "b"), "m5.xlarge",
                        new Capacity(HOST_CORES, 16, 10, 500), 0.192, "v1.0.0", c, s.key()));
                metrics.add(new MetricSeries(new SeriesId(id, Metric.CPU), start, s.step(), load));
            }
            index++;
        }
        if (services.isEmpty()) {
            throw new HeadroomException(series + " holds no CPU utilisation trace with a day of history before a "
                    + "six-hour window.");
        }
        Policy policy = new Policy(Optional.of(new Window(WINDOW_START, WINDOW_START.plus(Duration.ofHours(6)))), 0.20,
                0.6, 0.4, 0.25, REGIONS.length, 0.5, 0.10, 15, true, Optional.empty(), 0.95);
        Account account = new Account("traces", AccountKind.FILES, WINDOW_START, Map.of());
        return new AccountSnapshot(account, types, hosts, services, List.of(), metrics, releases, List.of(), List.of(),
                Optional.of(policy));
    }

    /** CPU utilisation series and the factor that turns their values into percent. */
    private static Map<String, Double> cpuSeries(Path metadata) {
        Map<String, Double> out = new HashMap<>();
        try {
            List<String> lines = Files.readAllLines(metadata);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", 6);
                if (f.length < 4 || !f[2].toLowerCase(Locale.ROOT).contains("cpu")) {
                    continue;
                }
                String unit = f[3].toLowerCase(Locale.ROOT);
                if (unit.startsWith("percent")) {
                    out.put(f[0], 1.0);
                } else if (unit.startsWith("fraction")) {
                    out.put(f[0], 100.0);
                }
            }
        } catch (IOException e) {
            throw new HeadroomException("Could not read " + metadata + ": " + e.getMessage() + ".", e);
        }
        return out;
    }
}
