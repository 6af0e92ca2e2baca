package dev.headroom.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small builders for valid domain values; tests change one thing and expect one complaint. */
final class DomainTestData {
    static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    private DomainTestData() {
    }

    static Capacity capacity() {
        return new Capacity(4, 16, 10, 500);
    }

    static Host host(String id, String service) {
        return new Host(id, List.of(service), "eu-west-1", "eu-west-1a", "m5.xlarge", capacity(), 0.192, "v1.2.3",
                Criticality.HIGH, "web");
    }

    static Account account() {
        return new Account("demo", AccountKind.FILES, T0, Map.of("source", "/tmp/demo"));
    }

    static AccountSnapshot snapshot(List<Host> hosts, List<Service> services, List<Dependency> deps,
                                    List<MetricSeries> metrics) {
        return new AccountSnapshot(account(), List.of(), hosts, services, deps, metrics, List.of(), List.of(),
                List.of(), Optional.empty());
    }

    static MetricSeries series(String host, double... values) {
        return new MetricSeries(new SeriesId(host, Metric.CPU), T0, Duration.ofMinutes(5), values);
    }
}
