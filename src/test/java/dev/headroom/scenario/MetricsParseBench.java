package dev.headroom.scenario;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.domain.Slo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Times writing and reading a demo-sized scenario (default 350 hosts x 4 metrics x 2,880 samples,
 * about 4M metric rows). Run: {@code java -cp target/classes:target/test-classes:<deps>
 * dev.headroom.scenario.MetricsParseBench [hosts] [samples]}; not a test, so not in the build.
 */
public final class MetricsParseBench {
    private MetricsParseBench() {
    }

    public static void main(String[] args) throws IOException {
        int hostCount = args.length > 0 ? Integer.parseInt(args[0]) : 350;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 2880;
        SplittableRandom random = new SplittableRandom(1);
        List<Host> hosts = new ArrayList<>();
        List<MetricSeries> metrics = new ArrayList<>();
        for (int h = 0; h < hostCount; h++) {
            String id = String.format("host-%04d", h);
            hosts.add(new Host(id, List.of("svc-" + h % 20), "eu-west", "eu-west-1a", "m5.large",
                    new Capacity(2, 8, 10, 650), 0.096, "v1", Criticality.MEDIUM, ""));
            for (Metric m : Metric.values()) {
                double[] v = new double[samples];
                for (int i = 0; i < samples; i++) {
                    v[i] = random.nextInt(100) == 0 ? Double.NaN : Math.round(random.nextDouble(0, 100) * 1000) / 1000.0;
                }
                metrics.add(new MetricSeries(new SeriesId(id, m), ScenarioTestData.T0, Duration.ofSeconds(60), v));
            }
        }
        List<Service> services = new ArrayList<>();
        for (int s = 0; s < Math.min(20, hostCount); s++) {
            services.add(new Service("svc-" + s, Criticality.MEDIUM, Slo.DEFAULT));
        }
        AccountSnapshot snapshot = new AccountSnapshot(ScenarioTestData.account("bench"), List.of(), hosts, services,
                List.of(), metrics, List.of(), List.of(), List.of(), Optional.empty());
        Path dir = Files.createTempDirectory("headroom-bench");
        for (boolean gzip : new boolean[] {false, true}) {
            Path out = dir.resolve(gzip ? "gz" : "plain");
            long t0 = System.nanoTime();
            ScenarioWriter.write(snapshot, out, gzip);
            long t1 = System.nanoTime();
            long rows = metrics.stream().mapToLong(m -> m.size() - m.gaps()).sum();
            Path file = out.resolve(gzip ? "metrics.csv.gz" : "metrics.csv");
            for (int run = 1; run <= 3; run++) {
                long r0 = System.nanoTime();
                ScenarioImport imported = ScenarioReader.readWithReport(out, ScenarioTestData.account("bench"));
                long r1 = System.nanoTime();
                double seconds = (r1 - r0) / 1e9;
                System.out.printf("%s: %,d rows (%,d bytes), write %.2f s, read run %d %.2f s = %,.0f rows/s, %d notes%n",
                        file.getFileName(), rows, Files.size(file), (t1 - t0) / 1e9, run, seconds, rows / seconds,
                        imported.notes().size());
            }
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
