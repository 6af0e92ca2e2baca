package dev.headroom.scenario;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Release;
import dev.headroom.domain.ResponseTime;
import dev.headroom.domain.ScheduledEvent;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.domain.Slo;
import dev.headroom.domain.UpdateOutcome;
import dev.headroom.domain.UpdateRecord;
import dev.headroom.domain.Window;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Fixtures for scenario tests. {@link #richSnapshot()} is built in the writer's order (hosts by
 * id, services by name, …) so that a round trip must give back an equal snapshot.
 */
final class ScenarioTestData {
    static final Instant T0 = Instant.parse("2026-11-22T16:00:00Z");

    static final String HOSTS_HEADER =
            "host_id,service,region,zone,instance_type,cpu_cores,memory_gib,hourly_cost_usd,version,criticality\n";

    private ScenarioTestData() {
    }

    static Account account(String name) {
        return new Account(name, AccountKind.FILES, T0, null);
    }

    static AccountSnapshot richSnapshot() {
        List<InstanceType> types = List.of(
                new InstanceType("m5.large", "eu-west", new Capacity(2, 8, 10, 650), 0.096, 0.0361),
                new InstanceType("m5.large", "us-east", new Capacity(2, 8, 10, 650), 0.096, 0.035),
                new InstanceType("r5.large", "us-east", new Capacity(2, 16, 10, 650), 0.126, 0.04));
        List<Host> hosts = List.of(
                new Host("app-1", List.of("checkoutservice", "cartservice"), "eu-west", "eu-west-1a", "m5.xlarge",
                        new Capacity(4, 16, 10, 1250.5), 0.192, "v2.3.1", Criticality.CRITICAL, "app, shared"),
                new Host("db-1", List.of("redis-cart"), "us-east", "us-east-1b", "r5.large",
                        new Capacity(2, 16, 0, 0), 0.126, "v7.0", Criticality.CRITICAL, ""),
                new Host("web-1", List.of("frontend"), "eu-west", "eu-west-1a", "m5.large",
                        new Capacity(2, 8, 10, 650), 0.096, "v1.4.0", Criticality.HIGH, "edge"),
                new Host("web-2", List.of("frontend"), "eu-west", "eu-west-1b", "m5.large",
                        new Capacity(2.5, 7.75, 0.1, 1e-4), 0.1 + 0.2, "v1.4.0 \"beta\"", Criticality.LOW, ""));
        List<Service> services = List.of(
                new Service("cartservice", Criticality.CRITICAL, new Slo(0.7, 0.6)),
                new Service("checkoutservice", Criticality.HIGH, Slo.DEFAULT),
                new Service("frontend", Criticality.HIGH,
                        new Slo(0.85, 0.5).withResponseTime(new ResponseTime(120, 37.5))),
                new Service("redis-cart", Criticality.CRITICAL, new Slo(1, 1)));
        List<Dependency> deps = List.of(
                new Dependency("cartservice", "redis-cart", 240, "env REDIS_ADDR"),
                new Dependency("checkoutservice", "cartservice", 35.5, ""),
                new Dependency("frontend", "cartservice", 120.25, "env CART_SERVICE_ADDR, \"quoted\"\nsecond line"));
        double nan = Double.NaN;
        List<MetricSeries> metrics = List.of(
                series("app-1", Metric.CPU, T0, 60, 70.2, 71.9, nan, 69.4, 1.0 / 3),
                series("db-1", Metric.DISK, T0.plusSeconds(3600), 3600, 12.5, 13),
                series("web-1", Metric.CPU, T0, 300, 41.5, 43.25, 47, nan, nan, 52.125, 1e-7, 123456789.5),
                series("web-1", Metric.MEMORY, T0, 300, 60, 61, 61.5, -0.0));
        List<Release> releases = List.of(
                new Release("cartservice", "v2.4.0", List.of("redis-cart>=7.2", "checkoutservice>=v1"), false),
                new Release("frontend", "v1.5.0", List.of(), false),
                new Release("redis-cart", "v7.2", List.of(), true));
        List<UpdateRecord> history = List.of(
                new UpdateRecord("web-1", "frontend", "v1.3.0", "v1.4.0", Instant.parse("2026-10-02T01:00:00Z"),
                        Instant.parse("2026-10-02T01:12:30Z"), 64.5, UpdateOutcome.SUCCEEDED),
                new UpdateRecord("app-1", "cartservice", "v2.3.0", "v2.3.1", Instant.parse("2026-10-03T01:00:00Z"),
                        Instant.parse("2026-10-03T01:31:00.250Z"), 88, UpdateOutcome.ROLLED_BACK),
                new UpdateRecord("db-1", "redis-cart", "v6.2", "v7.0", Instant.parse("2026-10-04T01:00:00Z"),
                        Instant.parse("2026-10-04T01:20:00Z"), 0, UpdateOutcome.FAILED));
        List<ScheduledEvent> events = List.of(
                new ScheduledEvent("backup", Instant.parse("2026-11-23T02:00:00Z"),
                        Instant.parse("2026-11-23T03:00:00Z"), "*", 1.1),
                new ScheduledEvent("black friday, eu", Instant.parse("2026-11-27T00:00:00Z"),
                        Instant.parse("2026-11-28T00:00:00Z"), "eu-west", 1.8),
                new ScheduledEvent("campaign", Instant.parse("2026-12-01T18:00:00Z"),
                        Instant.parse("2026-12-01T22:00:00Z"), "frontend", 1.4));
        Policy policy = new Policy(Optional.of(new Window(Instant.parse("2026-11-23T01:00:00Z"),
                Instant.parse("2026-11-23T07:00:00Z"))), 0.3, 0.55, 0.45, 0.2, 2, 0.6, 0.1, 20, false,
                Optional.of(250.75), 0.9);
        return new AccountSnapshot(account("rich"), types, hosts, services, deps, metrics, releases, history,
                events, Optional.of(policy));
    }

    static MetricSeries series(String host, Metric metric, Instant start, long stepSeconds, double... values) {
        return new MetricSeries(new SeriesId(host, metric), start, Duration.ofSeconds(stepSeconds), values);
    }

    /** A scenario directory holding the given files (name, content pairs). */
    static Path scenario(Path dir, String... nameAndContent) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < nameAndContent.length; i += 2) {
            Files.writeString(dir.resolve(nameAndContent[i]), nameAndContent[i + 1], StandardCharsets.UTF_8);
        }
        return dir;
    }

    /** hosts.csv with two hosts of service frontend in region eu-west. */
    static String twoHosts() {
        return HOSTS_HEADER
                + "web-1,frontend,eu-west,eu-west-1a,m5.large,2,8,0.096,v1.0.0,high\n"
                + "web-2,frontend,eu-west,eu-west-1b,m5.large,2,8,0.096,v1.0.0,medium\n";
    }
}
