package dev.headroom.providers.sandbox;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Check;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Release;
import dev.headroom.domain.ScheduledEvent;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.domain.UpdateRecord;
import dev.headroom.domain.Window;
import dev.headroom.domain.ProgressListener;
import dev.headroom.providers.sandbox.FleetLayout.Group;
import dev.headroom.providers.sandbox.FleetLayout.Slot;
import dev.headroom.providers.sandbox.SandboxCatalog.Call;
import dev.headroom.providers.sandbox.SandboxCatalog.Region;
import dev.headroom.providers.sandbox.SandboxCatalog.ServiceSpec;
import dev.headroom.providers.sandbox.SandboxCatalog.Size;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Builds the sandbox account: an online shop spread over three regions, with two weeks of load
 * history that has the structure real fleets have (daily and weekly seasonality in local time,
 * growth, autocorrelated noise, bursts, incidents and a marketing campaign), its update history,
 * pending releases and a default policy.
 *
 * <p>Generation is deterministic: every random choice comes from the config's seed, the hosts'
 * series from per-host streams derived from it, so equal configs give equal snapshots whatever the
 * thread scheduling.
 */
public final class SandboxFleetGenerator {
    static final String EVIDENCE = "sandbox topology";
    static final String CAMPAIGN = "spring-sale campaign";
    static final String FLASH_SALE = "flash sale";
    /** Requests per second one frontend replica serves at the weekday evening peak. */
    private static final double PEAK_RPS_PER_FRONTEND = 40;
    /** Hosts generated together between two progress reports. */
    private static final int CHUNK = 16;

    private SandboxFleetGenerator() {
    }

    /**
     * Generates the sandbox account's snapshot. The account's settings are the config's plus a
     * paused clock standing at the end of the history.
     *
     * @throws dev.headroom.domain.DomainException when {@code accountName} is not a valid identifier
     */
    public static AccountSnapshot generate(SandboxConfig config, String accountName, Instant created,
                                           ProgressListener progress) {
        return generate(config, accountName, created, config.historyEnd(), progress);
    }

    /**
     * As {@link #generate(SandboxConfig, String, Instant, ProgressListener)}, with the scheduled
     * events placed as for a history ending at {@code eventsAnchor}: the same world's events when
     * its history is generated further ({@link SandboxFuture}).
     */
    public static AccountSnapshot generate(SandboxConfig config, String accountName, Instant created,
                                           Instant eventsAnchor, ProgressListener progress) {
        Check.notNull("config", config);
        Check.notNull("created", created);
        Map<String, String> settings = new LinkedHashMap<>(config.toSettings());
        settings.put(AcceleratedClock.CLOCK_NOW, config.historyEnd().toString());
        settings.put(AcceleratedClock.CLOCK_SPEED, "0");
        Account account = new Account(accountName, AccountKind.SANDBOX, created, settings);
        return new Generation(config, account, eventsAnchor, progress == null ? ProgressListener.NONE : progress).run();
    }

    /** One run of the generator; holds what the steps share. */
    private static final class Generation {
        private final SandboxConfig config;
        private final Instant eventsAnchor;
        private final Account account;
        private final ProgressListener progress;
        private final SplittableRandom random;
        private final FleetLayout layout;
        private final long start;
        private final long step;
        private final int n;

        Generation(SandboxConfig config, Account account, Instant eventsAnchor, ProgressListener progress) {
            this.config = config;
            this.eventsAnchor = eventsAnchor;
            this.account = account;
            this.progress = progress;
            this.random = new SplittableRandom(config.seed());
            this.layout = FleetLayout.plan(config.hostCount(), random);
            this.start = config.historyStart().getEpochSecond();
            this.step = config.step().toSeconds();
            this.n = config.samples();
        }

        AccountSnapshot run() {
            progress.progress(0, "Laying out " + config.hostCount() + " hosts over "
                    + layout.regions.size() + " regions");
            List<InstanceType> types = instanceTypes();
            UpdateHistory.Result history = UpdateHistory.generate(layout, config, random);
            List<ScheduledEvent> events = events();
            List<Incident> incidents = incidents();
            List<Host> hosts = hosts(types, history.hostVersions());
            double[][] demand = groupDemand(events, incidents);
            List<MetricSeries> metrics = metrics(demand, incidents, history.records());
            AccountSnapshot snapshot = new AccountSnapshot(account, types, hosts, services(), dependencies(demand),
                    metrics, releases(), history.records(), events, Optional.of(policy()));
            progress.progress(1, "Generated " + hosts.size() + " hosts and " + metrics.size() + " metric series");
            return snapshot;
        }

        /** Every size in every region; spot sells at 30–70% of on-demand, varying by type and region. */
        private List<InstanceType> instanceTypes() {
            List<InstanceType> types = new ArrayList<>();
            for (Region region : layout.regions) {
                for (Size size : SandboxCatalog.SIZES) {
                    double onDemand = round(size.usEastHourlyUsd() * region.priceMultiplier(), 4);
                    double spot = round(onDemand * (0.30 + 0.40 * random.nextDouble()), 4);
                    types.add(new InstanceType(size.name(), region.name(), size.capacity(), onDemand, spot));
                }
            }
            return types;
        }

        private List<Service> services() {
            return SandboxCatalog.SERVICES.stream()
                    .map(s -> new Service(s.name(), s.criticality(), s.slo()))
                    .toList();
        }

        private List<Host> hosts(List<InstanceType> types, List<String> versions) {
            List<Host> hosts = new ArrayList<>();
            for (Slot slot : layout.slots) {
                ServiceSpec s = slot.service();
                InstanceType type = types.stream()
                        .filter(t -> t.name().equals(s.size()) && t.region().equals(slot.region().name()))
                        .findFirst().orElseThrow();
                hosts.add(new Host(slot.id(), List.of(s.name()), slot.region().name(), slot.zone(), type.name(),
                        type.capacity(), type.onDemandHourlyUsd(), versions.get(slot.index()), s.criticality(),
                        s.profile().role));
            }
            return hosts;
        }

        /**
         * The call graph weighted by mean calls per second over the history: frontend requests
         * follow from its replicas' load, every other service's rate from its callers'.
         */
        private List<Dependency> dependencies(double[][] demand) {
            Map<String, Double> rate = new LinkedHashMap<>();
            double frontendRps = 0;
            for (Group g : layout.groups) {
                if (g.service().name().equals(SandboxCatalog.FRONTEND)) {
                    frontendRps += PEAK_RPS_PER_FRONTEND * g.nominalReplicas() * mean(demand[g.index()]);
                }
            }
            rate.put(SandboxCatalog.FRONTEND, frontendRps);
            List<Dependency> dependencies = new ArrayList<>();
            // CALLS lists every caller's incoming edges before its outgoing ones, so rates are complete when read.
            for (Call call : SandboxCatalog.CALLS) {
                double calls = rate.getOrDefault(call.from(), 0.0) * call.callsPerCall();
                rate.merge(call.to(), calls, Double::sum);
                dependencies.add(new Dependency(call.from(), call.to(), round(calls, 1), EVIDENCE));
            }
            return dependencies;
        }

        /**
         * A frontend patch, a cart minor that needs the newer cache first, that cache upgrade, and a
         * breaking major of the ad service: enough for the planner to order and to weigh risk.
         */
        private List<Release> releases() {
            return List.of(
                    new Release(SandboxCatalog.FRONTEND, "v2.8.4", List.of(), false),
                    new Release(SandboxCatalog.CART, "v2.5.0", List.of(SandboxCatalog.REDIS + ">=7.2"), false),
                    new Release(SandboxCatalog.REDIS, "7.2.4", List.of(), false),
                    new Release(SandboxCatalog.AD, "v3.0.0", List.of(), true));
        }

        /**
         * The campaign inside the history, three days before its end so that the same hours a week
         * earlier are also in it, and a flash sale announced for the day after.
         */
        private List<ScheduledEvent> events() {
            Instant historyStart = config.historyStart();
            Instant campaign = eventsAnchor.minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.DAYS)
                    .plus(Duration.ofHours(17));
            while (campaign.plus(Duration.ofHours(4)).isAfter(eventsAnchor)) {
                campaign = campaign.minus(Duration.ofDays(1));
            }
            if (campaign.isBefore(historyStart)) {
                campaign = historyStart;
            }
            Instant campaignEnd = campaign.plus(Duration.ofHours(4));
            Instant flash = eventsAnchor.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1))
                    .plus(Duration.ofHours(19));
            return List.of(
                    new ScheduledEvent(CAMPAIGN, campaign, campaignEnd, SandboxCatalog.FRONTEND, 1.5),
                    new ScheduledEvent(CAMPAIGN, campaign, campaignEnd, SandboxCatalog.CART, 1.4),
                    new ScheduledEvent(CAMPAIGN, campaign, campaignEnd, SandboxCatalog.CHECKOUT, 1.6),
                    new ScheduledEvent(CAMPAIGN, campaign, campaignEnd, SandboxCatalog.PAYMENT, 1.6),
                    new ScheduledEvent(FLASH_SALE, flash, flash.plus(Duration.ofHours(3)), SandboxCatalog.FRONTEND, 1.4));
        }

        /**
         * The next 06:00–12:00 UTC after the history: night in us-east-1, which carries the most
         * traffic, and morning in eu-west-1, before either region's peak.
         */
        private Policy policy() {
            Instant windowStart = config.historyEnd().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(6));
            if (windowStart.isBefore(config.historyEnd())) {
                windowStart = windowStart.plus(Duration.ofDays(1));
            }
            Policy d = Policy.DEFAULT;
            return new Policy(Optional.of(new Window(windowStart, windowStart.plus(Duration.ofHours(6)))),
                    d.safetyMargin(), d.criticalityWeight(), d.capacityWeight(), d.maxBatchFraction(),
                    d.maxConcurrentRegions(), d.minHealthyFraction(), d.rollbackThreshold(),
                    d.stabilizationMinutes(), d.spotAllowed(), d.budgetUsd(), d.forecastQuantile());
        }

        /**
         * A cart host that fails for a few hours (its samples missing, its siblings taking its
         * load), an ad host whose cpu runs away, and a catalogue host leaking memory until it is
         * restarted.
         */
        private List<Incident> incidents() {
            int perDay = config.samplesPerDay();
            int failureLength = 36 + random.nextInt(25);
            int runawayLength = perDay * 5 / 24 + random.nextInt(perDay * 2 / 24);
            int leakLength = Math.min(perDay * 5 / 2, n * 2 / 5);
            return List.of(
                    new Incident(Incident.Kind.HOST_FAILURE, pick(SandboxCatalog.CART), startWithin(failureLength),
                            failureLength),
                    new Incident(Incident.Kind.RUNAWAY_CPU, pick(SandboxCatalog.AD), startWithin(runawayLength),
                            runawayLength),
                    new Incident(Incident.Kind.MEMORY_LEAK, pick(SandboxCatalog.CATALOG), startWithin(leakLength + 2),
                            leakLength));
        }

        private int pick(String service) {
            List<Slot> candidates = layout.slots.stream().filter(s -> s.service().name().equals(service)).toList();
            return candidates.get(random.nextInt(candidates.size())).index();
        }

        private int startWithin(int length) {
            int room = n - length;
            return room <= 0 ? 0 : random.nextInt(room);
        }

        /**
         * Relative demand per replica group and sample: calendar shape, growth, campaigns, and the
         * extra load a group takes while one of its hosts is down.
         */
        private double[][] groupDemand(List<ScheduledEvent> events, List<Incident> incidents) {
            double[][] demand = new double[layout.groups.size()][];
            double week = Duration.ofDays(7).toSeconds();
            for (Group g : layout.groups) {
                double[] d = new double[n];
                for (int t = 0; t < n; t++) {
                    long at = start + t * step;
                    double value = LoadShapes.demand(g.service().profile(), g.region(), at)
                            * (1 + g.service().growthPerWeek() * (t * step) / week);
                    for (ScheduledEvent e : events) {
                        if (e.scope().equals(g.service().name()) && e.covers(Instant.ofEpochSecond(at))) {
                            value *= e.loadFactor();
                        }
                    }
                    d[t] = value;
                }
                for (Incident i : incidents) {
                    Slot down = layout.slots.get(i.host());
                    if (i.kind() == Incident.Kind.HOST_FAILURE && down.group() == g.index() && g.hosts().size() > 1) {
                        double survivors = 1 - down.loadShare();
                        for (int t = i.start(); t < i.end(); t++) {
                            d[t] /= survivors;
                        }
                    }
                }
                demand[g.index()] = d;
            }
            return demand;
        }

        /** Host series in chunks: parallel inside a chunk, progress reported from this thread between chunks. */
        private List<MetricSeries> metrics(double[][] demand, List<Incident> incidents, List<UpdateRecord> updates) {
            HostLoadModel model = new HostLoadModel(config, layout, demand, incidents, updates);
            List<MetricSeries> series = new ArrayList<>(layout.slots.size() * Metric.values().length);
            Instant first = config.historyStart();
            for (int from = 0; from < layout.slots.size(); from += CHUNK) {
                int to = Math.min(layout.slots.size(), from + CHUNK);
                progress.progress((double) from / layout.slots.size(),
                        "Generating load history for hosts " + (from + 1) + "–" + to + " of " + layout.slots.size());
                double[][][] chunk = IntStream.range(from, to).parallel()
                        .mapToObj(model::series).toArray(double[][][]::new);
                for (int h = from; h < to; h++) {
                    for (Metric m : Metric.values()) {
                        series.add(new MetricSeries(new SeriesId(layout.slots.get(h).id(), m), first, config.step(),
                                chunk[h - from][m.ordinal()]));
                    }
                }
            }
            return series;
        }
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
