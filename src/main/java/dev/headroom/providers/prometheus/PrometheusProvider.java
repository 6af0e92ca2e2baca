package dev.headroom.providers.prometheus;

import dev.headroom.credentials.SecretStore;
import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.providers.Inventory;
import dev.headroom.providers.Provider;
import dev.headroom.providers.prometheus.LabelMapping.ServiceSource;
import dev.headroom.providers.prometheus.PrometheusClient.Sample;
import dev.headroom.providers.prometheus.PrometheusClient.Series;
import dev.headroom.providers.prometheus.PrometheusSettings.QueryKind;
import dev.headroom.providers.prometheus.PrometheusSettings.ServiceGraph;
import dev.headroom.rollout.RolloutProvider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An account backed by a Prometheus-compatible HTTP API: hosts and their capacity from node
 * exporter (or kube-state-metrics) series, utilisation history from range queries, live load
 * from instant queries, dependencies from a service graph. It only reads: no execution side.
 *
 * <p>Sample {@code k} of a history covers {@code [from + k·step, from + (k+1)·step)}; Prometheus is
 * asked at the end of each step, {@code T = from + (k+1)·step}, so a rate over {@code [T − step, T]}
 * describes exactly that step and a gauge gives its last reading before the step ended.
 */
public final class PrometheusProvider implements Provider {
    /** Version of hosts whose series carry no version label. */
    public static final String UNKNOWN_VERSION = "unknown";
    /** Service of hosts the mapping finds none for. */
    public static final String UNMAPPED_SERVICE = "unmapped";
    /** Spot price of a synthesised instance type, as a share of its on-demand price. */
    public static final double SYNTHESISED_SPOT_SHARE = 0.35;

    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    private final Account account;
    private final PrometheusSettings settings;
    private final PrometheusClient client;
    private final Clock clock;

    PrometheusProvider(Account account, PrometheusSettings settings, PrometheusClient client, Clock clock) {
        this.account = account;
        this.settings = settings;
        this.client = client;
        this.clock = clock;
    }

    /**
     * Connects account {@code account} (kind prometheus) with its secret from {@code secrets};
     * nothing is sent until a method asks.
     *
     * @throws HeadroomException when a setting is wrong or the secret the auth needs is missing
     */
    public static PrometheusProvider open(Account account, SecretStore secrets) {
        return open(account, secrets, Clock.systemUTC());
    }

    /** As {@link #open(Account, SecretStore)} with the clock live load and inventory are read at (tests, replays). */
    public static PrometheusProvider open(Account account, SecretStore secrets, Clock clock) {
        if (account.kind() != AccountKind.PROMETHEUS) {
            throw new HeadroomException("Account \"" + account.name() + "\" is of kind " + account.kind().label()
                    + ", not prometheus.");
        }
        PrometheusSettings settings = PrometheusSettings.from(account);
        Optional<char[]> secret = settings.auth() == PrometheusSettings.Auth.NONE ? Optional.empty()
                : secrets.get(SecretStore.reference(account.name(), PrometheusSettings.SECRET_FIELD));
        try {
            return new PrometheusProvider(account, settings, new PrometheusClient(account.name(), settings, secret), clock);
        } finally {
            secret.ifPresent(c -> Arrays.fill(c, '\0'));
        }
    }

    public PrometheusSettings settings() {
        return settings;
    }

    public PrometheusClient client() {
        return client;
    }

    @Override
    public Account account() {
        return account;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.METRIC_HISTORY, Capability.LIVE_LOAD);
    }

    @Override
    public Optional<RolloutProvider> rollouts() {
        return Optional.empty();
    }

    @Override
    public String check() {
        Optional<String> version = client.buildVersion();
        // A trivial query proves the query API answers with these credentials, whatever the server.
        client.instant("vector(1)", clock.instant(), "a test query");
        Optional<PrometheusClient.Targets> targets = client.targets();
        return (version.map(v -> "Prometheus " + v).orElse("A Prometheus-compatible API")) + " at " + settings.url()
                + ": " + targets.map(t -> t.up() + " of " + t.total() + " targets up"
                + (t.unknown() > 0 ? " (" + t.unknown() + " not scraped yet)" : "")).orElse("targets not listed");
    }

    @Override
    public Map<String, Double> currentLoad(Metric metric) {
        String template = settings.queryTemplate(QueryKind.of(metric));
        if (template.isEmpty()) {
            return Map.of();
        }
        String q = DefaultQueries.expand(template, settings, settings.rateWindow());
        Map<String, Double> out = new TreeMap<>();
        for (Sample s : client.instant(q, clock.instant(), purpose(QueryKind.of(metric)))) {
            hostOf(s.labels()).ifPresent(h -> {
                if (!Double.isNaN(s.value())) {
                    out.putIfAbsent(h, clamp(s.value()));
                }
            });
        }
        return out;
    }

    @Override
    public List<MetricSeries> history(Collection<String> hosts, Metric metric, Instant from, Instant to, Duration step,
                                      ProgressListener progress) {
        long stepSeconds = step.toSeconds();
        if (stepSeconds <= 0 || step.toMillis() % 1000 != 0) {
            throw new HeadroomException("A history step of " + step + " cannot be read from Prometheus; use whole seconds.");
        }
        int n = (int) Math.max(0, (Duration.between(from, to).toSeconds() + stepSeconds - 1) / stepSeconds);
        String template = settings.queryTemplate(QueryKind.of(metric));
        if (hosts.isEmpty() || n == 0 || template.isEmpty()) {
            progress.progress(1, template.isEmpty() ? metric.label() + " is not read from this account (no query)"
                    : "nothing to read");
            return List.of();
        }
        Duration window = step.compareTo(settings.rateWindow()) > 0 ? step : settings.rateWindow();
        String q = DefaultQueries.expand(template, settings, window);
        List<Series> raw = client.rangeChunked(q, from.plus(step), from.plus(step.multipliedBy(n)), step,
                purpose(QueryKind.of(metric)), progress);
        Set<String> wanted = new LinkedHashSet<>(hosts);
        Map<String, double[]> byHost = new LinkedHashMap<>();
        long fromMillis = from.toEpochMilli();
        long stepMillis = step.toMillis();
        for (Series s : raw) {
            Optional<String> host = hostOf(s.labels());
            if (host.isEmpty() || !wanted.contains(host.get()) || byHost.containsKey(host.get())) {
                continue;
            }
            double[] values = new double[n];
            Arrays.fill(values, Double.NaN);
            for (int i = 0; i < s.size(); i++) {
                long offset = s.timesMillis()[i] - fromMillis;
                if (offset % stepMillis != 0) {
                    continue;
                }
                long k = offset / stepMillis - 1;
                if (k >= 0 && k < n) {
                    values[(int) k] = clamp(s.values()[i]);
                }
            }
            byHost.put(host.get(), values);
        }
        List<MetricSeries> out = new ArrayList<>();
        for (String h : wanted) {
            double[] v = byHost.get(h);
            if (v != null) {
                out.add(new MetricSeries(new SeriesId(h, metric), from, step, v));
            }
        }
        return out;
    }

    @Override
    public Inventory inventory(ProgressListener progress) {
        Instant now = clock.instant();
        LabelMapping m = settings.mapping();
        List<String> notes = new ArrayList<>();
        progress.progress(0, "reading hosts from " + client.where());

        String hostsQuery = expand(QueryKind.HOSTS);
        List<Sample> hostSeries = client.instant(hostsQuery, now, purpose(QueryKind.HOSTS));
        Map<String, HostLabels> found = new TreeMap<>();
        Set<String> badIds = new LinkedHashSet<>();
        for (Sample s : hostSeries) {
            String value = s.labels().getOrDefault(m.hostLabel(), "");
            Optional<String> host = m.host(value);
            if (host.isEmpty() || !ID.matcher(host.get()).matches()) {
                badIds.add(value.isEmpty() ? "(no " + m.hostLabel() + " label)" : value);
                continue;
            }
            HostLabels h = found.computeIfAbsent(host.get(), k -> new HostLabels());
            h.region = first(h.region, s.labels().get(m.regionLabel()));
            h.zone = first(h.zone, s.labels().get(m.zoneLabel()));
            h.type = first(h.type, s.labels().get(m.instanceTypeLabel()));
            h.version = first(h.version, s.labels().get(m.versionLabel()));
            if (m.serviceSource() == ServiceSource.LABEL) {
                m.service(s.labels().get(m.serviceLabel())).filter(x -> ID.matcher(x).matches()).ifPresent(h.services::add);
            }
        }
        if (!badIds.isEmpty()) {
            notes.add(badIds.size() + " series left out: their " + m.hostLabel() + " label (" + sample(badIds)
                    + ") does not give a host name through host_regex " + m.hostRegex().pattern() + ".");
        }
        if (found.isEmpty()) {
            throw new HeadroomException(client.where() + " has no host series at " + now + ": the query for "
                    + purpose(QueryKind.HOSTS) + " returned nothing" + (badIds.isEmpty() ? "" : " usable") + ". Check that "
                    + (settings.preset() == PrometheusSettings.Preset.KUBERNETES ? "kube-state-metrics is" : "node exporter is")
                    + " scraped, the " + PrometheusSettings.SELECTOR + " setting, and the mapping's host label ("
                    + m.hostLabel() + "). Query: " + hostsQuery);
        }
        progress.progress(0.25, "reading capacity of " + found.size() + " hosts");
        Map<String, Double> cores = byHost(QueryKind.CORES, now);
        Map<String, Double> memory = byHost(QueryKind.MEMORY_BYTES, now);
        Map<String, Double> network = settings.queryTemplate(QueryKind.NETWORK_BYTES_PER_SECOND).isEmpty() ? Map.of()
                : byHost(QueryKind.NETWORK_BYTES_PER_SECOND, now);
        if (m.serviceSource() == ServiceSource.KUBE_POD_INFO) {
            progress.progress(0.5, "reading pods per node");
            String q = DefaultQueries.expand(DefaultQueries.KUBE_POD_SERVICES, settings, settings.rateWindow());
            for (Sample s : client.instant(q, now, "pods per node (kube_pod_info)")) {
                Optional<String> host = m.host(s.labels().getOrDefault("node", ""));
                Optional<String> service = m.service(s.labels().get(m.serviceLabel())).filter(x -> ID.matcher(x).matches());
                if (host.isPresent() && service.isPresent() && found.containsKey(host.get())) {
                    found.get(host.get()).services.add(service.get());
                }
            }
        }

        List<Host> hosts = new ArrayList<>();
        Map<String, InstanceType> types = new TreeMap<>();
        Set<String> services = new LinkedHashSet<>();
        List<String> noCapacity = new ArrayList<>();
        List<String> unmapped = new ArrayList<>();
        int defaultedRegion = 0;
        int defaultedZone = 0;
        int synthesised = 0;
        for (Map.Entry<String, HostLabels> e : found.entrySet()) {
            String id = e.getKey();
            HostLabels h = e.getValue();
            Double c = cores.get(id);
            Double mem = memory.get(id);
            if (c == null || mem == null || !(c > 0) || !(mem > 0)) {
                noCapacity.add(id);
                continue;
            }
            double gbps = network.getOrDefault(id, 0.0) * 8 / 1e9;
            Capacity capacity = new Capacity(c, mem / GIB, Double.isFinite(gbps) && gbps > 0 ? gbps : 0, 0);
            String region = valid(h.region).orElse(null);
            if (region == null) {
                region = settings.defaultRegion();
                defaultedRegion++;
            }
            String zone = valid(h.zone).orElse(null);
            if (zone == null) {
                zone = settings.defaultZone();
                defaultedZone++;
            }
            String type = valid(h.type).orElse(null);
            if (type == null) {
                type = synthesisedName(capacity);
                synthesised++;
            }
            String key = type + "@" + region;
            if (!types.containsKey(key)) {
                double price = capacity.cpuCores() * settings.hourlyUsdPerCore()
                        + capacity.memoryGib() * settings.hourlyUsdPerGib();
                types.put(key, new InstanceType(type, region, capacity, price, price * SYNTHESISED_SPOT_SHARE));
            }
            List<String> hostServices = new ArrayList<>(h.services);
            if (hostServices.isEmpty()) {
                hostServices.add(UNMAPPED_SERVICE);
                unmapped.add(id);
            }
            services.addAll(hostServices);
            try {
                hosts.add(new Host(id, hostServices, region, zone, type, capacity,
                        types.get(key).onDemandHourlyUsd(), valid(h.version).orElse(UNKNOWN_VERSION),
                        Criticality.MEDIUM, ""));
            } catch (DomainException ex) {
                notes.add("Host " + id + " left out: " + ex.getMessage() + ".");
            }
        }
        if (!noCapacity.isEmpty()) {
            notes.add(noCapacity.size() + " hosts left out for want of a CPU count or total memory ("
                    + sample(noCapacity) + "): check " + purpose(QueryKind.CORES) + " and " + purpose(QueryKind.MEMORY_BYTES) + ".");
        }
        if (defaultedRegion > 0) {
            notes.add(defaultedRegion + " hosts have no " + label(m.regionLabel()) + " and were placed in region "
                    + settings.defaultRegion() + " (setting " + PrometheusSettings.DEFAULT_REGION + "; mapping key region).");
        }
        if (defaultedZone > 0) {
            notes.add(defaultedZone + " hosts have no " + label(m.zoneLabel()) + " and were placed in zone "
                    + settings.defaultZone() + " (setting " + PrometheusSettings.DEFAULT_ZONE + "; mapping key zone).");
        }
        if (synthesised > 0) {
            notes.add(synthesised + " hosts have no " + label(m.instanceTypeLabel()) + ": their instance types are named "
                    + "from measured cores and memory, priced at " + settings.hourlyUsdPerCore() + " USD per core-hour and "
                    + settings.hourlyUsdPerGib() + " USD per GiB-hour (spot " + SYNTHESISED_SPOT_SHARE + " of that).");
        }
        if (!unmapped.isEmpty()) {
            notes.add(unmapped.size() + " hosts have no service in the mapping (" + sample(unmapped) + ") and were put "
                    + "under service " + UNMAPPED_SERVICE + ": check the mapping's service label (" + m.serviceLabel() + ").");
        }

        progress.progress(0.75, "reading the service graph");
        List<Dependency> dependencies = dependencies(now, services, notes);
        List<Service> serviceList = new ArrayList<>();
        for (String s : services) {
            serviceList.add(new Service(s, Criticality.MEDIUM, null));
        }
        progress.progress(1, hosts.size() + " hosts, " + serviceList.size() + " services, " + dependencies.size()
                + " dependencies");
        return new Inventory(new ArrayList<>(types.values()), hosts, serviceList, dependencies, notes);
    }

    /** Edges of the service graph; services found only there are added to {@code services}. */
    private List<Dependency> dependencies(Instant now, Set<String> services, List<String> notes) {
        ServiceGraph graph = settings.serviceGraph();
        if (graph == ServiceGraph.NONE) {
            notes.add("No dependencies read: setting " + PrometheusSettings.SERVICE_GRAPH + " is none (use istio or otel).");
            return List.of();
        }
        String fromLabel = graph == ServiceGraph.ISTIO ? "source_workload" : "client";
        String toLabel = graph == ServiceGraph.ISTIO ? "destination_workload" : "server";
        String metricName = graph == ServiceGraph.ISTIO ? "istio_requests_total" : "traces_service_graph_request_total";
        String q = DefaultQueries.expand(settings.queryTemplate(QueryKind.SERVICE_GRAPH), settings,
                settings.serviceGraphWindow());
        Map<List<String>, Double> edges = new LinkedHashMap<>();
        int skipped = 0;
        for (Sample s : client.instant(q, now, purpose(QueryKind.SERVICE_GRAPH))) {
            String from = s.labels().getOrDefault(fromLabel, "");
            String to = s.labels().getOrDefault(toLabel, "");
            if (!ID.matcher(from).matches() || !ID.matcher(to).matches() || from.equals(to)
                    || from.equals("unknown") || to.equals("unknown") || !Double.isFinite(s.value()) || s.value() < 0) {
                skipped++;
                continue;
            }
            edges.merge(List.of(from, to), s.value(), Double::sum);
        }
        if (edges.isEmpty()) {
            notes.add("No dependencies learned: no " + metricName + " series over the last "
                    + PrometheusSettings.format(settings.serviceGraphWindow()) + ".");
        }
        if (skipped > 0) {
            notes.add(skipped + " service-graph series left out (unknown or unnamed workloads, or a service calling itself).");
        }
        String evidence = metricName + " (" + graph.label() + " service graph), request rate over "
                + PrometheusSettings.format(settings.serviceGraphWindow());
        List<Dependency> out = new ArrayList<>();
        Set<String> added = new LinkedHashSet<>();
        edges.forEach((k, rate) -> {
            for (String s : k) {
                if (services.add(s)) {
                    added.add(s);
                }
            }
            out.add(new Dependency(k.get(0), k.get(1), rate, evidence));
        });
        if (!added.isEmpty()) {
            notes.add(added.size() + " services appear only in the service graph (" + sample(added) + "): they run on no "
                    + "host of this account.");
        }
        return out;
    }

    private Map<String, Double> byHost(QueryKind kind, Instant now) {
        Map<String, Double> out = new TreeMap<>();
        for (Sample s : client.instant(expand(kind), now, purpose(kind))) {
            hostOf(s.labels()).ifPresent(h -> out.putIfAbsent(h, s.value()));
        }
        return out;
    }

    private String expand(QueryKind kind) {
        return DefaultQueries.expand(settings.queryTemplate(kind), settings, settings.rateWindow());
    }

    private Optional<String> hostOf(Map<String, String> labels) {
        return settings.mapping().host(labels.getOrDefault(settings.mapping().hostLabel(), ""))
                .filter(h -> ID.matcher(h).matches());
    }

    /** What a query is for, in operator words with the setting that overrides it. */
    static String purpose(QueryKind kind) {
        String what = switch (kind) {
            case CPU -> "CPU utilisation";
            case MEMORY -> "memory utilisation";
            case NETWORK -> "network utilisation";
            case DISK -> "disk utilisation";
            case HOSTS -> "the host list";
            case CORES -> "CPU cores per host";
            case MEMORY_BYTES -> "memory per host";
            case NETWORK_BYTES_PER_SECOND -> "network speed per host";
            case SERVICE_GRAPH -> "the service graph";
        };
        return what + " (setting " + kind.settingKey() + ")";
    }

    /** An instance type named after its size, e.g. {@code prom-4c-16g} or {@code prom-2c-7.5g}. */
    static String synthesisedName(Capacity c) {
        return "prom-" + number(c.cpuCores()) + "c-" + number(Math.round(c.memoryGib() * 10) / 10.0) + "g";
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? v : Math.max(0, Math.min(100, v));
    }

    private static String first(String current, String value) {
        return current != null && !current.isEmpty() ? current : value;
    }

    private static Optional<String> valid(String v) {
        return v != null && ID.matcher(v).matches() ? Optional.of(v) : Optional.empty();
    }

    private static String label(String name) {
        return name.isEmpty() ? "label (none mapped)" : name + " label";
    }

    private static String sample(Collection<String> items) {
        List<String> l = new ArrayList<>(items);
        return String.join(", ", l.subList(0, Math.min(3, l.size()))) + (l.size() > 3 ? ", …" : "");
    }

    /** The mapped labels of one host, first value wins; services from every series of the host. */
    private static final class HostLabels {
        String region;
        String zone;
        String type;
        String version;
        final Set<String> services = new LinkedHashSet<>();
    }
}
