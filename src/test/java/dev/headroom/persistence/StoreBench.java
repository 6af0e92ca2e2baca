package dev.headroom.persistence;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.domain.Slo;
import dev.headroom.fleet.StoreTestData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Times the store at fleet scale (250 hosts × 4 metrics × 14 days at 5 minutes ≈ 4M samples).
 * Not a test: run with {@code java -cp target/classes:target/test-classes:<deps> dev.headroom.persistence.StoreBench [dir]}.
 */
public final class StoreBench {
    private static final int HOSTS = 250;
    private static final int DAYS = 14;

    private StoreBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("headroom-bench");
        Path file = dir.resolve("headroom.db");
        AccountSnapshot snapshot = fleet();
        long samples = snapshot.metrics().stream().mapToLong(MetricSeries::size).sum();
        Instant end = StoreTestData.METRICS_START.plus(Duration.ofDays(DAYS));

        System.out.printf("%-34s %12s %9s %9s%n", "operation", "samples", "seconds", "db MB");
        try (SqliteStore store = SqliteStore.open(file)) {
            time(store, "replace (empty store)", samples, () -> {
                store.replace(snapshot);
                return null;
            });
            time(store, "replace (over the same account)", samples, () -> {
                store.replace(snapshot);
                return null;
            });
            AccountSnapshot loaded = time(store, "load with metrics", samples, () -> store.load("bench", true))
                    .orElseThrow();
            if (!loaded.equals(snapshot)) {
                throw new AssertionError("loaded snapshot differs from the stored one");
            }
            time(store, "load without metrics", HOSTS, () -> store.load("bench", false));
            Map<String, Double> latest = time(store, "latest cpu (all hosts)", HOSTS,
                    () -> store.latest("bench", Metric.CPU, end.minusSeconds(1)));
            if (latest.size() != HOSTS) {
                throw new AssertionError("latest gave " + latest.size() + " hosts");
            }
            time(store, "series: one host, last 2 days", 576, () -> store.series("bench",
                    new SeriesId("host-0001", Metric.CPU), end.minus(Duration.ofDays(2)), end));
        }
        long started = System.nanoTime();
        try (SqliteStore store = SqliteStore.open(file)) {
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("%-34s %12d %9.3f %9.1f%n", "reopen (checks, WAL checkpointed)", 1, seconds,
                    store.sizeBytes() / 1e6);
            System.out.printf("%.2f bytes per sample on disk%n", (double) store.sizeBytes() / samples);
        }
    }

    private static <T> T time(SqliteStore store, String what, long rows, Supplier<T> work) {
        long started = System.nanoTime();
        T result = work.get();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%-34s %12d %9.3f %9.1f%n", what, rows, seconds, store.sizeBytes() / 1e6);
        return result;
    }

    private static AccountSnapshot fleet() {
        Random random = new Random(1);
        List<Service> services = List.of(new Service("web", Criticality.HIGH, Slo.DEFAULT),
                new Service("api", Criticality.CRITICAL, Slo.DEFAULT), new Service("batch", Criticality.LOW, Slo.DEFAULT));
        List<Host> hosts = new ArrayList<>();
        List<MetricSeries> metrics = new ArrayList<>();
        int samples = DAYS * 288;
        for (int h = 0; h < HOSTS; h++) {
            String id = String.format("host-%04d", h);
            hosts.add(new Host(id, List.of(services.get(h % 3).name()), "eu-west-" + (h % 3 + 1), "eu-west-1a",
                    "m6i.large", new Capacity(2, 8, 12.5, 1250), 0.096, "1.0." + h % 7, Criticality.MEDIUM, ""));
            for (Metric m : Metric.values()) {
                metrics.add(new MetricSeries(new SeriesId(id, m), StoreTestData.METRICS_START, StoreTestData.STEP,
                        StoreTestData.percentages(random, samples, 20 + random.nextInt(50), true)));
            }
        }
        return new AccountSnapshot(new Account("bench", AccountKind.SANDBOX, Instant.parse("2026-03-01T00:00:00Z"),
                Map.of()), List.of(), hosts, services, List.of(), metrics, List.of(), List.of(), List.of(),
                Optional.empty());
    }
}
