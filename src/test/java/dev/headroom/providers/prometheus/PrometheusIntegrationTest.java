package dev.headroom.providers.prometheus;

import dev.headroom.testing.MapSecretStore;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.Release;
import dev.headroom.forecast.Forecasters;
import dev.headroom.plan.HeuristicPlanner;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanningProblem;
import dev.headroom.plan.ProblemBuilder;
import dev.headroom.providers.Inventory;
import dev.headroom.providers.prometheus.PrometheusClient.Series;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Against a real Prometheus server (Debian's 2.42 package): the sandbox's fleet, written as node
 * exporter and Istio series and backfilled with promtool, reads back as generated. Raw gauge
 * values come back exactly; utilisation derived from counters by the default queries within
 * {@value #TOLERANCE} percentage points (floating-point rounding of the counter differences) at
 * every step, NaN exactly where a scrape gap leaves a step without both ends.
 */
class PrometheusIntegrationTest {
    /** Percentage points: counters near 1e13 (network bytes) leave about 1e-9 of rounding after the difference. */
    static final double TOLERANCE = 1e-6;

    @TempDir
    static Path dir;
    private static RealPrometheus server;
    private static final MapSecretStore SECRETS = new MapSecretStore();

    @BeforeAll
    static void start() {
        assumeTrue(RealPrometheus.unavailable().isEmpty(), () -> RealPrometheus.unavailable().orElse(""));
        server = RealPrometheus.start(dir);
        System.out.println("Prometheus (pid " + server.pid() + ") at " + server.url + ": history written, backfilled and "
                + "served in " + server.startup.toMillis() + " ms");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            long pid = server.pid();
            server.close();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("prometheus (pid %d) stopped", pid).isFalse();
        }
    }

    private static PrometheusProvider provider(Map<String, String> extra) {
        return PrometheusProvider.open(server.account("promfleet", extra), SECRETS,
                Clock.fixed(server.history.end, ZoneOffset.UTC));
    }

    private static NodeExporterHistory history() {
        return server.history;
    }

    @Test
    void theConnectionCheckNamesTheVersionAndTargets() {
        assertThat(provider(Map.of()).check()).startsWith("Prometheus 2.").contains(" at " + server.url)
                // the self-scrape target is discovered within seconds of start: listed or not yet
                .containsPattern(": [01] of [01] targets up");
    }

    @Test
    void theInventoryIsTheGeneratedFleet() {
        Inventory inventory = provider(Map.of()).inventory(ProgressListener.NONE);
        Map<String, Host> read = inventory.hosts().stream().collect(Collectors.toMap(Host::id, Function.identity()));
        assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(history().hosts().stream().map(Host::id).toList());
        for (Host g : history().hosts()) {
            Host h = read.get(g.id());
            assertThat(h.services()).as("services of %s", g.id()).isEqualTo(g.services());
            assertThat(h.region()).isEqualTo(g.region());
            assertThat(h.zone()).isEqualTo(g.zone());
            assertThat(h.instanceType()).isEqualTo(g.instanceType());
            assertThat(h.version()).isEqualTo(g.version());
            assertThat(h.capacity().cpuCores()).as("cores of %s", g.id()).isEqualTo(g.capacity().cpuCores());
            assertThat(h.capacity().memoryGib()).as("memory of %s", g.id()).isEqualTo(g.capacity().memoryGib());
            assertThat(h.capacity().networkGbps()).as("network of %s", g.id())
                    .isCloseTo(g.capacity().networkGbps(), within(1e-12));
            assertThat(h.capacity().diskMBps()).as("no node-exporter series gives disk bandwidth").isZero();
        }
        assertThat(inventory.instanceTypes()).extracting(InstanceType::name).containsExactlyInAnyOrderElementsOf(
                history().hosts().stream().map(Host::instanceType).distinct().toList());
        assertThat(inventory.services()).extracting(s -> s.name()).containsExactlyInAnyOrderElementsOf(
                history().hosts().stream().map(Host::primaryService).distinct().toList());
        assertThat(inventory.notes()).as("every host labelled: nothing defaulted").isEmpty();
    }

    @Test
    void theServiceGraphIsTheGeneratedDependenciesAtTheirRequestRates() {
        List<Dependency> read = provider(Map.of()).inventory(ProgressListener.NONE).dependencies();
        assertThat(read).hasSameSizeAs(history().dependencies());
        for (Dependency g : history().dependencies()) {
            Dependency d = read.stream().filter(x -> x.from().equals(g.from()) && x.to().equals(g.to())).findFirst()
                    .orElseThrow(() -> new AssertionError("edge " + g.from() + " -> " + g.to() + " not read"));
            assertThat(d.weight()).as("requests/s %s -> %s (reporter=source left out)", g.from(), g.to())
                    .isCloseTo(g.weight(), within(1e-9));
            assertThat(d.evidence()).contains("istio_requests_total");
        }
    }

    @Test
    void utilisationHistoryOfEveryMetricIsWhatWasWritten() {
        PrometheusProvider p = provider(Map.of());
        List<String> hosts = history().hosts().stream().map(Host::id).toList();
        for (Metric metric : Metric.values()) {
            List<MetricSeries> read = p.history(hosts, metric, history().start, history().end, NodeExporterHistory.STEP,
                    ProgressListener.NONE);
            assertThat(read).as("%s series", metric).hasSize(hosts.size());
            for (MetricSeries m : read) {
                assertMatches(m, history().expected(m.id().hostId(), metric));
            }
        }
    }

    private static void assertMatches(MetricSeries read, double[] expected) {
        assertThat(read.start()).isEqualTo(history().start);
        assertThat(read.size()).isEqualTo(expected.length);
        int compared = 0;
        for (int k = 0; k < expected.length; k++) {
            if (Double.isNaN(expected[k])) {
                assertThat(read.value(k)).as("%s at %d (a gap)", read.id(), k).isNaN();
            } else {
                assertThat(read.value(k)).as("%s at %d", read.id(), k).isCloseTo(expected[k], within(TOLERANCE));
                compared++;
            }
        }
        assertThat(compared).as("samples of %s compared", read.id()).isGreaterThan(expected.length / 2);
    }

    @Test
    void rawGaugeValuesComeBackExactly() {
        PrometheusClient c = provider(Map.of()).client();
        List<Series> raw = c.rangeChunked("node_memory_MemAvailable_bytes{job=\"node\"}", history().time(1),
                history().end, NodeExporterHistory.STEP, "MemAvailable", ProgressListener.NONE);
        assertThat(raw).hasSize(history().hosts().size());
        int exact = 0;
        for (Series s : raw) {
            String host = s.labels().get("instance").replace(":9100", "");
            double[] written = history().memAvailable.get(host);
            for (int i = 0; i < s.size(); i++) {
                int j = (int) ((s.timesMillis()[i] / 1000 - history().start.getEpochSecond()) / 300);
                if (!Double.isNaN(written[j])) {
                    assertThat(s.values()[i]).as("MemAvailable of %s at t_%d", host, j).isEqualTo(written[j]);
                    exact++;
                }
            }
        }
        assertThat(exact).isGreaterThan(history().hosts().size() * history().n * 9 / 10);
    }

    @Test
    void aLongHistoryIsFetchedInChunksTheRealServerAccepts() {
        // 40 days at 5 minutes: 11,520 points per series, over the 11,000 Prometheus allows in one query
        Instant from = history().end.minus(Duration.ofDays(40));
        List<Double> progress = new ArrayList<>();
        PrometheusProvider p = provider(Map.of());
        List<String> hosts = history().hosts().stream().map(Host::id).limit(4).toList();
        List<MetricSeries> read = p.history(hosts, Metric.CPU, from, history().end, NodeExporterHistory.STEP,
                (f, m) -> progress.add(f));
        assertThat(progress).containsExactly(0.5, 1.0);
        assertThat(read).hasSize(4);
        for (MetricSeries m : read) {
            assertThat(m.size()).isEqualTo(11_520);
            assertMatches(m.slice(history().start, history().end), history().expected(m.id().hostId(), Metric.CPU));
            assertThat(m.slice(from, history().start.minus(NodeExporterHistory.STEP)).gaps())
                    .as("nothing before the backfilled day").isEqualTo(11_520 - history().n - 1);
        }
    }

    @Test
    void smallChunksGiveTheSameHistoryAsOneQuery() {
        List<String> hosts = history().hosts().stream().map(Host::id).limit(3).toList();
        List<MetricSeries> whole = provider(Map.of()).history(hosts, Metric.MEMORY, history().start, history().end,
                NodeExporterHistory.STEP, ProgressListener.NONE);
        List<MetricSeries> chunked = provider(Map.of(PrometheusSettings.MAX_POINTS_PER_QUERY, "50")).history(hosts,
                Metric.MEMORY, history().start, history().end, NodeExporterHistory.STEP, ProgressListener.NONE);
        assertThat(chunked).isEqualTo(whole);
    }

    @Test
    void liveLoadIsTheLastStepAtTheAccountsClock() {
        PrometheusProvider p = provider(Map.of());
        for (Metric metric : List.of(Metric.CPU, Metric.MEMORY)) {
            Map<String, Double> load = p.currentLoad(metric);
            for (Host h : history().hosts()) {
                double expected = history().expected(h.id(), metric)[history().n - 1];
                if (Double.isNaN(expected)) {
                    assertThat(load).doesNotContainKey(h.id());
                } else {
                    assertThat(load.get(h.id())).as("%s of %s now", metric, h.id()).isCloseTo(expected, within(TOLERANCE));
                }
            }
        }
    }

    /**
     * End to end: the inventory and CPU history read from the server make an account snapshot
     * (with a release for every service, which Prometheus does not know) that the planner plans.
     */
    @Test
    void aPlanIsMadeForTheHostsReadFromPrometheus() {
        PrometheusProvider p = provider(Map.of());
        Inventory inventory = p.inventory(ProgressListener.NONE);
        List<String> ids = inventory.hosts().stream().map(Host::id).toList();
        List<MetricSeries> metrics = new ArrayList<>();
        for (Metric metric : List.of(Metric.CPU, Metric.MEMORY)) {
            metrics.addAll(p.history(ids, metric, history().start, history().end, NodeExporterHistory.STEP,
                    ProgressListener.NONE));
        }
        List<Release> releases = inventory.services().stream().map(s -> new Release(s.name(), "next", List.of(), false))
                .toList();
        AccountSnapshot snapshot = new AccountSnapshot(p.account(), inventory.instanceTypes(), inventory.hosts(),
                inventory.services(), inventory.dependencies(), metrics, releases, List.of(), List.of(), Optional.empty());
        PlanningProblem problem = ProblemBuilder.build("prometheus", snapshot, Policy.DEFAULT, history().end,
                Forecasters.standard(), ProgressListener.NONE);
        Plan plan = new HeuristicPlanner().plan(problem);
        System.out.println("Plan for the Prometheus account: " + plan.plannedHosts() + " hosts in " + plan.batches().size()
                + " batches, " + plan.unplanned().size() + " unplanned " + plan.unplanned() + ", "
                + plan.summary().predictedViolations() + " predicted violations");
        assertThat(plan.plannedHosts() + plan.unplanned().size()).as("every host planned or said why not")
                .isEqualTo(ids.size());
        assertThat(plan.plannedHosts()).isPositive();
        assertThat(plan.batches()).allSatisfy(b -> assertThat(ids).containsAll(b.hosts()));
        assertThat(plan.batches().stream().flatMap(b -> b.reservations().stream()))
                .allSatisfy(r -> assertThat(inventory.instanceTypes()).extracting(InstanceType::name)
                        .contains(r.instanceType()));
    }

    @Test
    void badPromQlFromTheOperatorQuotesPrometheussParseError() {
        PrometheusProvider p = provider(Map.of("query.cpu", "100 * rate(node_cpu_seconds_total{mode=\"idle\"[5m])"));
        HeadroomException e = catchThrowableOfType(() -> p.currentLoad(Metric.CPU), HeadroomException.class);
        assertThat(e.operatorMessage()).contains("rejected the query for CPU utilisation (setting query.cpu) (bad_data)")
                .contains("parse error").contains("Query: 100 * rate(node_cpu_seconds_total{mode=\"idle\"[5m])");
    }

    @Test
    void aSelectorMatchingNothingSaysWhatToCheck() {
        PrometheusProvider p = provider(Map.of(PrometheusSettings.SELECTOR, "job=\"no-such-job\""));
        HeadroomException e = catchThrowableOfType(() -> p.inventory(ProgressListener.NONE), HeadroomException.class);
        assertThat(e.operatorMessage()).contains("has no host series").contains("node exporter is scraped")
                .contains("job=\"no-such-job\"");
    }
}
