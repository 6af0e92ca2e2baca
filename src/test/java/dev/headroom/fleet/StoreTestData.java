package dev.headroom.fleet;

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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Small, realistic account snapshots for store tests: every domain field is set to a value that
 * differs from its default, so that a store which drops a field fails a round trip.
 */
public final class StoreTestData {
    /** Metric samples start mid-morning, so that the first and last UTC day are partial. */
    public static final Instant METRICS_START = Instant.parse("2026-03-01T10:00:00Z");
    public static final Duration STEP = Duration.ofMinutes(5);

    public static final Policy POLICY_WITH_WINDOW_AND_BUDGET = new Policy(
            Optional.of(new Window(Instant.parse("2026-03-04T22:00:00Z"), Instant.parse("2026-03-05T04:30:00.5Z"))),
            0.3, 0.7, 0.3, 0.2, 2, 0.6, 0.15, 20, false, Optional.of(1250.75), 0.9);

    private String name = "prod-eu";
    private int days = 3;
    private Optional<Policy> policy = Optional.of(POLICY_WITH_WINDOW_AND_BUDGET);
    private long seed = 42;

    public static StoreTestData snapshot() {
        return new StoreTestData();
    }

    public StoreTestData named(String accountName) {
        this.name = accountName;
        return this;
    }

    public StoreTestData days(int metricDays) {
        this.days = metricDays;
        return this;
    }

    public StoreTestData policy(Optional<Policy> accountPolicy) {
        this.policy = accountPolicy;
        return this;
    }

    /** Another seed gives other metric values and versions, for "replace swaps content" tests. */
    public StoreTestData seed(long valueSeed) {
        this.seed = valueSeed;
        return this;
    }

    public AccountSnapshot build() {
        Random random = new Random(seed);
        Account account = new Account(name, AccountKind.FILES, Instant.parse("2026-02-27T08:15:30.123456789Z"),
                Map.of("directory", "/srv/scenarios/" + name, "imported_by", "ops@example.com"));
        List<InstanceType> types = List.of(
                new InstanceType("m6i.large", "eu-west-1", new Capacity(2, 8, 12.5, 1250), 0.096, 0.0337),
                new InstanceType("r6i.xlarge", "eu-central-1", new Capacity(4, 32, 12.5, 1250), 0.252, 0.0918));
        List<Service> services = List.of(
                new Service("web", Criticality.HIGH, new Slo(0.7, 0.6).withResponseTime(new ResponseTime(87.5, 12.25))),
                new Service("db", Criticality.CRITICAL, Slo.DEFAULT),
                new Service("cache", Criticality.LOW, new Slo(0.9, 0.34)));
        List<Host> hosts = List.of(
                new Host("web-2", List.of("web", "cache"), "eu-west-1", "eu-west-1b", "m6i.large",
                        new Capacity(2, 8, 12.5, 1250), 0.096, "1.4." + seed, Criticality.HIGH, "frontend"),
                new Host("web-1", List.of("web"), "eu-west-1", "eu-west-1a", "m6i.large",
                        new Capacity(2, 8, 0, 0), 0.096, "1.4." + seed, Criticality.MEDIUM, ""),
                new Host("db-1", List.of("db"), "eu-central-1", "eu-central-1a", "r6i.xlarge",
                        new Capacity(4, 32, 12.5, 1250), 0.252, "14.2", Criticality.CRITICAL, "primary"));
        List<Dependency> dependencies = List.of(
                new Dependency("web", "db", 120.5, "manifest: web/deployment.yaml"),
                new Dependency("web", "cache", 0, ""));
        List<Release> releases = List.of(
                new Release("web", "2.0.0", List.of("db>=14", "cache>=7.2"), true),
                new Release("db", "15.1", List.of(), false));
        List<UpdateRecord> history = List.of(
                new UpdateRecord("web-1", "web", "1.3.9", "1.4.0", Instant.parse("2026-02-20T01:00:00Z"),
                        Instant.parse("2026-02-20T01:07:12.5Z"), 63.25, UpdateOutcome.SUCCEEDED),
                new UpdateRecord("db-1", "db", "14.1", "14.2", Instant.parse("2026-02-21T02:00:00Z"),
                        Instant.parse("2026-02-21T02:31:00Z"), 88.0, UpdateOutcome.ROLLED_BACK));
        List<ScheduledEvent> events = List.of(
                new ScheduledEvent("spring sale", Instant.parse("2026-03-06T00:00:00Z"),
                        Instant.parse("2026-03-08T00:00:00Z"), "web", 1.8),
                new ScheduledEvent("eu-central drill", Instant.parse("2026-03-07T12:00:00Z"),
                        Instant.parse("2026-03-07T13:00:00Z"), "eu-central-1", 0.5),
                new ScheduledEvent("all hands", Instant.parse("2026-03-09T15:00:00Z"),
                        Instant.parse("2026-03-09T16:00:00Z"), ScheduledEvent.ALL, 0.9));

        int samples = days * 288;
        List<MetricSeries> metrics = new ArrayList<>();
        for (Host h : hosts) {
            metrics.add(new MetricSeries(new SeriesId(h.id(), Metric.CPU), METRICS_START, STEP,
                    percentages(random, samples, 45, true)));
            metrics.add(new MetricSeries(new SeriesId(h.id(), Metric.MEMORY), METRICS_START, STEP,
                    percentages(random, samples, 60, false)));
        }
        // a series that is not two-decimal, with a sub-second start, -0.0 and a gap
        double[] network = new double[samples];
        for (int i = 0; i < samples; i++) {
            network[i] = random.nextDouble() * 10;
        }
        network[0] = -0.0;
        network[samples / 2] = Double.NaN;
        metrics.add(new MetricSeries(new SeriesId("web-2", Metric.NETWORK), METRICS_START.plusMillis(250),
                Duration.ofSeconds(60).multipliedBy(5), network));
        metrics.add(new MetricSeries(new SeriesId("db-1", Metric.DISK), METRICS_START, Duration.ofMinutes(1),
                new double[0]));

        return new AccountSnapshot(account, types, hosts, services, dependencies, metrics, releases, history, events,
                policy);
    }

    /**
     * Two-decimal utilisation with a daily cycle and noise; with {@code gaps}, a missing hour on
     * day two and a missing last sample, so that "latest" has to look back.
     */
    public static double[] percentages(Random random, int samples, double mean, boolean gaps) {
        double[] v = new double[samples];
        for (int i = 0; i < samples; i++) {
            double daily = 15 * Math.sin(2 * Math.PI * i / 288.0);
            double x = mean + daily + random.nextGaussian() * 3;
            v[i] = Math.round(Math.max(0, Math.min(100, x)) * 100) / 100.0;
        }
        if (gaps && samples > 300) {
            for (int i = 288 + 12; i < 288 + 24; i++) {
                v[i] = Double.NaN;
            }
            v[samples - 1] = Double.NaN;
        }
        return v;
    }
}
