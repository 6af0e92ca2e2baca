package dev.headroom.providers.sandbox;

import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.ScheduledEvent;
import dev.headroom.domain.UpdateOutcome;
import dev.headroom.domain.UpdateRecord;
import dev.headroom.domain.ProgressListener;
import dev.headroom.providers.sandbox.UpdateHistory.Change;
import dev.headroom.providers.sandbox.UpdateHistory.Version;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class SandboxFleetGeneratorTest {
    private static final Instant END = Instant.parse("2025-03-14T12:00:00Z");
    private static final Instant CREATED = Instant.parse("2025-03-14T12:03:00Z");
    private static final SandboxConfig CONFIG = SandboxConfig.defaults(END);
    private static final AccountSnapshot FLEET = SandboxFleetGenerator.generate(CONFIG, "sandbox", CREATED,
            ProgressListener.NONE);
    private static final int DAY = CONFIG.samplesPerDay();

    @Test
    void sameConfigGeneratesAnEqualSnapshot() {
        AccountSnapshot again = SandboxFleetGenerator.generate(CONFIG, "sandbox", CREATED, ProgressListener.NONE);

        assertThat(again).isEqualTo(FLEET);
    }

    @Test
    void anotherSeedGeneratesAnotherFleet() {
        SandboxConfig other = new SandboxConfig(CONFIG.seed() + 1, CONFIG.hostCount(), CONFIG.days(), CONFIG.step(), END);

        AccountSnapshot snapshot = SandboxFleetGenerator.generate(other, "sandbox", CREATED, ProgressListener.NONE);

        assertThat(snapshot.hosts()).hasSameSizeAs(FLEET.hosts());
        assertThat(snapshot.metrics().get(0)).isNotEqualTo(FLEET.metrics().get(0));
        assertThat(snapshot.updateHistory()).isNotEqualTo(FLEET.updateHistory());
    }

    @Test
    void accountIsASandboxWithItsConfigAndAPausedClockAtTheEndOfHistory() {
        assertThat(FLEET.account().kind()).isEqualTo(AccountKind.SANDBOX);
        assertThat(FLEET.account().created()).isEqualTo(CREATED);
        assertThat(SandboxConfig.fromSettings(FLEET.account().settings())).isEqualTo(CONFIG);
        assertThat(FLEET.account().settings())
                .containsEntry(AcceleratedClock.CLOCK_NOW, END.toString())
                .containsEntry(AcceleratedClock.CLOCK_SPEED, "0");
    }

    @Test
    void fleetSpansThreeRegionsOfTwoZonesEach() {
        Map<String, Set<String>> zonesByRegion = FLEET.hosts().stream().collect(Collectors.groupingBy(Host::region,
                TreeMap::new, Collectors.mapping(Host::zone, Collectors.toSet())));

        assertThat(FLEET.hosts()).hasSizeGreaterThanOrEqualTo(240);
        assertThat(zonesByRegion).hasSizeGreaterThanOrEqualTo(3);
        zonesByRegion.forEach((region, zones) -> assertThat(zones).as(region).hasSize(2)
                .allMatch(z -> z.startsWith(region)));
    }

    @Test
    void everyServiceHasReplicasInBothZonesOfEveryRegion() {
        assertThat(FLEET.services()).hasSizeGreaterThanOrEqualTo(12);
        for (var service : FLEET.services()) {
            List<Host> replicas = hostsOf(service.name());
            assertThat(replicas.stream().map(Host::zone).distinct()).as(service.name()).hasSize(6);
        }
    }

    @Test
    void replicasFollowLoadSoFrontendOutnumbersEmail() {
        assertThat(hostsOf("frontend")).hasSizeGreaterThan(3 * hostsOf("emailservice").size());
        assertThat(hostsOf("frontend").stream().filter(h -> h.region().equals("us-east-1")).count())
                .isGreaterThan(hostsOf("frontend").stream().filter(h -> h.region().equals("ap-southeast-1")).count());
    }

    @Test
    void hostsTakeTypeCostCriticalityAndRoleFromTheirService() {
        Host db = hostsOf("postgres-orders").get(0);
        Host web = hostsOf("frontend").get(0);
        InstanceType dbType = type(db.instanceType(), db.region());

        assertThat(web.id()).matches("use1-frontend-\\d\\d");
        assertThat(db.role()).isEqualTo("db");
        assertThat(web.role()).isEqualTo("web");
        assertThat(db.criticality().score()).isGreaterThan(hostsOf("adservice").get(0).criticality().score());
        assertThat(db.capacity()).isEqualTo(dbType.capacity());
        assertThat(db.hourlyCostUsd()).isEqualTo(dbType.onDemandHourlyUsd());
        assertThat(db.capacity().memoryGib()).isGreaterThan(web.capacity().memoryGib());
    }

    @Test
    void spotIsCheaperThanOnDemandEverywhereAndRegionsPriceDifferently() {
        assertThat(FLEET.instanceTypes()).hasSizeGreaterThanOrEqualTo(3 * 9);
        assertThat(FLEET.instanceTypes()).allSatisfy(t -> {
            assertThat(t.spotHourlyUsd()).isBetween(0.29 * t.onDemandHourlyUsd(), 0.71 * t.onDemandHourlyUsd());
        });
        assertThat(type("m5.large", "eu-west-1").onDemandHourlyUsd())
                .isGreaterThan(type("m5.large", "us-east-1").onDemandHourlyUsd());
    }

    @Test
    void dependencyGraphIsTheBoutiqueCallGraphWithTrafficWeights() {
        assertThat(FLEET.dependencies()).allSatisfy(d -> {
            assertThat(d.weight()).isPositive();
            assertThat(d.evidence()).isEqualTo("sandbox topology");
        });
        assertThat(edges()).contains("frontend->checkoutservice", "checkoutservice->paymentservice",
                "cartservice->redis-cart", "productcatalogservice->postgres-orders");
        assertThat(weight("frontend", "productcatalogservice")).isGreaterThan(weight("frontend", "checkoutservice"));
        // Cart is called by both frontend and checkout; each of its calls makes two cache calls.
        assertThat(weight("cartservice", "redis-cart")).isCloseTo(
                2 * (weight("frontend", "cartservice") + weight("checkoutservice", "cartservice")),
                offset(0.5));
        assertThat(isAcyclic(FLEET.dependencies())).isTrue();
    }

    @Test
    void everyHostHasFourSeriesCoveringTheHistoryInPercentAtMonitoringPrecision() {
        assertThat(FLEET.metrics()).hasSize(FLEET.hosts().size() * 4);
        for (MetricSeries m : FLEET.metrics()) {
            assertThat(m.start()).isEqualTo(CONFIG.historyStart());
            assertThat(m.end()).isEqualTo(END);
            for (double v : m.values()) {
                if (!Double.isNaN(v)) {
                    assertThat(v).isBetween(0.0, 100.0);
                    assertThat(Math.abs(v * 100 - Math.rint(v * 100))).isLessThan(1e-6);
                }
            }
        }
    }

    @Test
    void frontendCpuRepeatsDayAfterDay() {
        double[] cpu = series("use1-frontend-01", Metric.CPU);

        assertThat(autocorrelation(cpu, DAY)).isGreaterThan(0.6);
        assertThat(autocorrelation(cpu, DAY / 2)).isLessThan(0.3);
    }

    @Test
    void frontendWeekendsAreBusierThanWeekdays() {
        double[] cpu = serviceMean("frontend", "us-east-1", Metric.CPU);
        double weekend = 0;
        double weekday = 0;
        int weekendCount = 0;
        int weekdayCount = 0;
        for (int t = 0; t < cpu.length; t++) {
            int dow = CONFIG.historyStart().plus(CONFIG.step().multipliedBy(t)).minus(Duration.ofHours(5))
                    .atZone(ZoneOffset.UTC).getDayOfWeek().getValue();
            if (dow >= 6) {
                weekend += cpu[t];
                weekendCount++;
            } else {
                weekday += cpu[t];
                weekdayCount++;
            }
        }

        assertThat(weekend / weekendCount).isGreaterThan(1.12 * weekday / weekdayCount);
    }

    @Test
    void growthServicesTrendUpwardsWeekOverWeek() {
        double[] cpu = serviceMean("recommendationservice", null, Metric.CPU);
        double firstWeek = mean(cpu, 0, 7 * DAY);
        double secondWeek = mean(cpu, 7 * DAY, 14 * DAY);

        assertThat(secondWeek / firstWeek).isGreaterThan(1.02);
    }

    @Test
    void noiseIsAutocorrelatedNotWhite() {
        // Bursts would dominate a correlation of the residual, so count how often it keeps its sign
        // from one sample to the next: about half the time for white noise.
        for (Host h : hostsOf("currencyservice")) {
            double[] residual = minusHourlyMean(series(h.id(), Metric.CPU));
            int same = 0;
            int pairs = 0;
            for (int t = 1; t < residual.length; t++) {
                if (!Double.isNaN(residual[t]) && !Double.isNaN(residual[t - 1])) {
                    pairs++;
                    same += Math.signum(residual[t]) == Math.signum(residual[t - 1]) ? 1 : 0;
                }
            }
            assertThat((double) same / pairs).as(h.id()).isGreaterThan(0.62);
        }
    }

    @Test
    void campaignRaisesFrontendLoadAboveTheSameHoursAWeekEarlier() {
        ScheduledEvent campaign = FLEET.events().stream()
                .filter(e -> e.scope().equals("frontend") && e.end().isBefore(END)).findFirst().orElseThrow();
        int from = index(campaign.start());
        int to = index(campaign.end());
        double[] cpu = serviceMean("frontend", null, Metric.CPU);

        assertThat(campaign.loadFactor()).isBetween(1.4, 1.6);
        assertThat(to - from).isEqualTo(4 * 12);
        assertThat(mean(cpu, from, to)).isGreaterThan(1.2 * mean(cpu, from - 7 * DAY, to - 7 * DAY));
    }

    @Test
    void upcomingFlashSaleIsAnnouncedAfterTheHistory() {
        assertThat(FLEET.events()).anySatisfy(e -> {
            assertThat(e.start()).isAfter(END);
            assertThat(e.scope()).isEqualTo("frontend");
        });
    }

    @Test
    void aFailedHostLeavesAGapOfSeveralHoursWhileItsSiblingsTakeTheLoad() {
        String failed = null;
        int longest = 0;
        for (MetricSeries m : FLEET.metrics()) {
            int run = longestNaNRun(m.values());
            if (run > longest) {
                longest = run;
                failed = m.id().hostId();
            }
        }

        assertThat(longest).isGreaterThanOrEqualTo(36);
        assertThat(failed).contains("cartservice");
    }

    @Test
    void runawayCpuPinsOneHostNearFullForHours() {
        int longestPinned = 0;
        for (Host h : hostsOf("adservice")) {
            int run = 0;
            for (double v : series(h.id(), Metric.CPU)) {
                run = v >= 95 ? run + 1 : 0;
                longestPinned = Math.max(longestPinned, run);
            }
        }

        assertThat(longestPinned).isGreaterThanOrEqualTo(5 * 12);
    }

    @Test
    void leakingHostClimbsInMemoryThenDropsAfterRestart() {
        double biggestDrop = 0;
        for (Host h : hostsOf("productcatalogservice")) {
            double[] memory = series(h.id(), Metric.MEMORY);
            for (int t = 0; t + 4 < memory.length; t++) {
                if (!Double.isNaN(memory[t]) && !Double.isNaN(memory[t + 4])) {
                    biggestDrop = Math.max(biggestDrop, memory[t] - memory[t + 4]);
                }
            }
        }

        assertThat(biggestDrop).isGreaterThan(30);
    }

    @Test
    void databaseMemoryIsHighAndFlatWhileCacheMemoryFillsAndIsPurged() {
        double[] db = series("use1-postgres-orders-01", Metric.MEMORY);
        double[] cache = series("use1-redis-cart-01", Metric.MEMORY);

        assertThat(mean(db, 0, db.length)).isGreaterThan(75);
        assertThat(max(db) - min(db)).isLessThan(12);
        assertThat(max(cache) - min(cache)).isGreaterThan(35);
    }

    @Test
    void updateHistoryHasFailuresAndRollbacks() {
        Map<UpdateOutcome, Long> outcomes = FLEET.updateHistory().stream()
                .collect(Collectors.groupingBy(UpdateRecord::outcome, Collectors.counting()));

        assertThat(outcomes.keySet()).containsExactlyInAnyOrder(UpdateOutcome.values());
        assertThat(outcomes.get(UpdateOutcome.SUCCEEDED)).isGreaterThan(10 * outcomes.get(UpdateOutcome.FAILED));
        assertThat(FLEET.updateHistory()).allSatisfy(u -> assertThat(u.started())
                .isAfter(END.minus(Duration.ofDays(61))).isBefore(END));
    }

    @Test
    void updatesTakeLongerTheBiggerTheVersionStepAndLongestForTheDatabase() {
        Map<String, Map<Change, List<Double>>> minutes = new TreeMap<>();
        for (UpdateRecord u : FLEET.updateHistory()) {
            if (u.outcome() == UpdateOutcome.SUCCEEDED) {
                Change change = Change.between(Version.parse(u.fromVersion()), Version.parse(u.toVersion()));
                minutes.computeIfAbsent(u.service(), s -> new HashMap<>())
                        .computeIfAbsent(change, c -> new ArrayList<>()).add(u.duration().toSeconds() / 60.0);
            }
        }
        Set<Change> seen = new HashSet<>();
        minutes.forEach((service, byChange) -> {
            seen.addAll(byChange.keySet());
            double previous = 0;
            for (Change c : Change.values()) {
                if (byChange.containsKey(c)) {
                    double m = byChange.get(c).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                    assertThat(m).as(service + " " + c).isGreaterThan(previous);
                    previous = m;
                }
            }
        });

        assertThat(seen).containsExactlyInAnyOrder(Change.values());
        assertThat(medianMinutes("postgres-orders")).isGreaterThan(3 * medianMinutes("frontend"));
    }

    @Test
    void shippingIsCaughtMidRolloutWithItsLastRegionOneVersionBehind() {
        Map<String, Set<String>> versionsByRegion = hostsOf("shippingservice").stream().collect(Collectors
                .groupingBy(Host::region, TreeMap::new, Collectors.mapping(Host::version, Collectors.toSet())));

        assertThat(versionsByRegion.get("ap-southeast-1")).doesNotContain("v2.3.1");
        assertThat(versionsByRegion.get("us-east-1")).contains("v2.3.1");
    }

    @Test
    void releasesGiveThePlannerAPatchADependentMinorAndABreakingMajor() {
        assertThat(FLEET.releases()).anySatisfy(r -> {
            assertThat(r.service()).isEqualTo("cartservice");
            assertThat(r.requires()).containsExactly("redis-cart>=7.2");
        });
        assertThat(FLEET.releases()).anySatisfy(r -> assertThat(r.breaking()).isTrue());
        assertThat(hostsOf("redis-cart")).allSatisfy(h -> assertThat(h.version()).startsWith("7.0."));
    }

    @Test
    void defaultPolicyHasAWindowTheMorningAfterTheHistory() {
        var window = FLEET.policy().orElseThrow().window().orElseThrow();

        assertThat(window.start()).isAfterOrEqualTo(END).isBefore(END.plus(Duration.ofDays(1)));
        assertThat(window.length()).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void smallFleetGeneratesQuicklyAndStaysConsistent() {
        SandboxConfig small = new SandboxConfig(7, 40, 3, Duration.ofMinutes(5), END);
        List<Double> fractions = new ArrayList<>();

        long t0 = System.nanoTime();
        AccountSnapshot snapshot = SandboxFleetGenerator.generate(small, "small", CREATED,
                (fraction, message) -> fractions.add(fraction));
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(millis).isLessThan(2_000);
        assertThat(snapshot.hosts()).hasSize(40);
        assertThat(snapshot.metrics()).hasSize(160).allSatisfy(m -> assertThat(m.size()).isEqualTo(3 * 288));
        assertThat(snapshot.services()).hasSize(12);
        assertThat(fractions).isSorted().endsWith(1.0);
    }

    private static List<Host> hostsOf(String service) {
        return FLEET.hosts().stream().filter(h -> h.services().contains(service)).toList();
    }

    private static InstanceType type(String name, String region) {
        return FLEET.instanceTypes().stream().filter(t -> t.name().equals(name) && t.region().equals(region))
                .findFirst().orElseThrow();
    }

    private static Set<String> edges() {
        return FLEET.dependencies().stream().map(d -> d.from() + "->" + d.to()).collect(Collectors.toSet());
    }

    private static double weight(String from, String to) {
        return FLEET.dependencies().stream().filter(d -> d.from().equals(from) && d.to().equals(to))
                .findFirst().orElseThrow().weight();
    }

    private static boolean isAcyclic(List<Dependency> dependencies) {
        Map<String, List<String>> next = new HashMap<>();
        Map<String, Integer> indegree = new HashMap<>();
        for (Dependency d : dependencies) {
            next.computeIfAbsent(d.from(), k -> new ArrayList<>()).add(d.to());
            indegree.merge(d.to(), 1, Integer::sum);
            indegree.putIfAbsent(d.from(), 0);
        }
        List<String> ready = new ArrayList<>(indegree.entrySet().stream().filter(e -> e.getValue() == 0)
                .map(Map.Entry::getKey).toList());
        int visited = 0;
        while (!ready.isEmpty()) {
            String s = ready.remove(ready.size() - 1);
            visited++;
            for (String t : next.getOrDefault(s, List.of())) {
                if (indegree.merge(t, -1, Integer::sum) == 0) {
                    ready.add(t);
                }
            }
        }
        return visited == indegree.size();
    }

    private static double[] series(String host, Metric metric) {
        return FLEET.metrics().stream().filter(m -> m.id().hostId().equals(host) && m.id().metric() == metric)
                .findFirst().orElseThrow().values();
    }

    /** Mean over the service's hosts (in one region, or all when null), skipping missing samples. */
    private static double[] serviceMean(String service, String region, Metric metric) {
        double[] sum = new double[CONFIG.samples()];
        int[] count = new int[sum.length];
        for (Host h : hostsOf(service)) {
            if (region == null || h.region().equals(region)) {
                double[] v = series(h.id(), metric);
                for (int t = 0; t < v.length; t++) {
                    if (!Double.isNaN(v[t])) {
                        sum[t] += v[t];
                        count[t]++;
                    }
                }
            }
        }
        for (int t = 0; t < sum.length; t++) {
            sum[t] = count[t] == 0 ? Double.NaN : sum[t] / count[t];
        }
        return sum;
    }

    /** The series minus its centred one-hour mean: what is left once the daily shape is taken out. */
    private static double[] minusHourlyMean(double[] x) {
        int w = 6;
        double[] residual = new double[x.length];
        Arrays.fill(residual, Double.NaN);
        for (int t = w; t < x.length - w; t++) {
            double sum = 0;
            for (int k = -w; k <= w; k++) {
                sum += x[t + k];
            }
            residual[t] = x[t] - sum / (2 * w + 1);
        }
        return residual;
    }

    private static double medianMinutes(String service) {
        double[] m = FLEET.updateHistory().stream().filter(u -> u.service().equals(service))
                .mapToDouble(u -> u.duration().toSeconds() / 60.0).sorted().toArray();
        return m[m.length / 2];
    }

    private static int index(Instant t) {
        return (int) (Duration.between(CONFIG.historyStart(), t).toSeconds() / CONFIG.step().toSeconds());
    }

    /** Pearson correlation of the series with itself shifted by {@code lag}, over pairs with both samples present. */
    static double autocorrelation(double[] x, int lag) {
        double mean = mean(x, 0, x.length);
        double num = 0;
        double den = 0;
        for (int t = 0; t < x.length; t++) {
            if (!Double.isNaN(x[t])) {
                den += (x[t] - mean) * (x[t] - mean);
                if (t + lag < x.length && !Double.isNaN(x[t + lag])) {
                    num += (x[t] - mean) * (x[t + lag] - mean);
                }
            }
        }
        return num / den;
    }

    static double mean(double[] x, int from, int to) {
        double sum = 0;
        int count = 0;
        for (int t = from; t < to; t++) {
            if (!Double.isNaN(x[t])) {
                sum += x[t];
                count++;
            }
        }
        return sum / count;
    }

    private static double max(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            m = Double.isNaN(v) ? m : Math.max(m, v);
        }
        return m;
    }

    private static double min(double[] x) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : x) {
            m = Double.isNaN(v) ? m : Math.min(m, v);
        }
        return m;
    }

    private static int longestNaNRun(double[] x) {
        int longest = 0;
        int run = 0;
        for (double v : x) {
            run = Double.isNaN(v) ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
