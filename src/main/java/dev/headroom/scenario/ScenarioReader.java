package dev.headroom.scenario;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
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
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static dev.headroom.scenario.ScenarioFiles.DEPENDENCIES;
import static dev.headroom.scenario.ScenarioFiles.EVENTS;
import static dev.headroom.scenario.ScenarioFiles.EVENT_COLUMNS;
import static dev.headroom.scenario.ScenarioFiles.HISTORY_COLUMNS;
import static dev.headroom.scenario.ScenarioFiles.HOSTS;
import static dev.headroom.scenario.ScenarioFiles.HOST_COLUMNS;
import static dev.headroom.scenario.ScenarioFiles.HOST_EXTRA_COLUMNS;
import static dev.headroom.scenario.ScenarioFiles.INSTANCE_TYPES;
import static dev.headroom.scenario.ScenarioFiles.INSTANCE_TYPE_COLUMNS;
import static dev.headroom.scenario.ScenarioFiles.METRICS;
import static dev.headroom.scenario.ScenarioFiles.METRICS_GZ;
import static dev.headroom.scenario.ScenarioFiles.POLICY;
import static dev.headroom.scenario.ScenarioFiles.RELEASES;
import static dev.headroom.scenario.ScenarioFiles.UPDATE_HISTORY;

/**
 * Reads a scenario directory (the shared {@code SCENARIO_FORMAT.md} plus the extensions in
 * {@code docs/scenario-format.md}) into one {@link AccountSnapshot}.
 *
 * <p>All or nothing: the first problem stops the import with a {@link ScenarioException} that
 * names the file, line and field, and nothing is returned. What is merely tolerated (absent
 * optional files, unknown columns, gaps) is returned as notes beside the snapshot.
 *
 * <p>Services come from {@code dependencies.json} in file order, then services that only
 * {@code hosts.csv} names in order of first appearance. A service whose criticality is not given
 * takes the highest criticality among its hosts (a service is as critical as the most critical
 * machine it runs on), or {@code medium} when it has no host; its SLO is {@link Slo#DEFAULT}.
 */
public final class ScenarioReader {

    private ScenarioReader() {
    }

    /**
     * The snapshot of the scenario in {@code dir}, under {@code account}.
     *
     * @throws ScenarioException when the directory or any file in it cannot be read or breaks a rule
     */
    public static AccountSnapshot read(Path dir, Account account) {
        return readWithReport(dir, account).snapshot();
    }

    /** As {@link #read}, with notes on what the import tolerated. */
    public static ScenarioImport readWithReport(Path dir, Account account) {
        checkDirectory(dir);
        return new Import(dir, account).run();
    }

    private static void checkDirectory(Path dir) {
        String where = dir.toString();
        if (!Files.exists(dir)) {
            throw new ScenarioException(where, 0, "", "the directory does not exist", "Scenario directory " + where
                    + " does not exist. Choose the directory that holds hosts.csv and import again; nothing was imported.",
                    null);
        }
        if (!Files.isDirectory(dir)) {
            throw new ScenarioException(where, 0, "", "not a directory", where + " is a file, not a scenario directory. "
                    + "Choose the directory that holds hosts.csv and import again; nothing was imported.", null);
        }
        if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            throw new ScenarioException(where, 0, "", "the directory cannot be read", "Scenario directory " + where
                    + " cannot be read. Check its permissions and import again; nothing was imported.", null);
        }
        if (!Files.isRegularFile(dir.resolve(HOSTS))) {
            throw new ScenarioException(HOSTS, 0, "", "the file is missing", "Scenario directory " + where
                    + " has no hosts.csv, the one file every scenario needs. Add it (one row per host and service) "
                    + "or choose another directory, then import again; nothing was imported.", null);
        }
    }

    /** The state of one import; thrown away when it fails. */
    private static final class Import {
        private final Path dir;
        private final Account account;
        private final ImportNotes notes = new ImportNotes();
        private final Map<String, Host> hosts = new LinkedHashMap<>();
        private final Map<String, Integer> hostLines = new HashMap<>();
        private final Map<String, Criticality> hostServiceCriticality = new LinkedHashMap<>();
        private final Set<String> regions = new HashSet<>();
        private final Map<String, Service> services = new LinkedHashMap<>();

        Import(Path dir, Account account) {
            this.dir = dir;
            this.account = account;
        }

        ScenarioImport run() {
            noteForeignFiles();
            readHosts();
            List<InstanceType> instanceTypes = readInstanceTypes();
            List<Dependency> dependencies = readDependencies();
            List<MetricSeries> metrics = readMetrics();
            List<Release> releases = readReleases();
            List<UpdateRecord> history = readHistory();
            List<ScheduledEvent> events = readEvents();
            Optional<Policy> policy = readPolicy();
            try {
                AccountSnapshot snapshot = new AccountSnapshot(account, instanceTypes, List.copyOf(hosts.values()),
                        List.copyOf(services.values()), dependencies, metrics, releases, history, events, policy);
                return new ScenarioImport(snapshot, notes.all());
            } catch (DomainException e) {
                throw ScenarioException.inFile(dir.getFileName().toString(), 0, e.field(), e.rule(), e);
            }
        }

        private void noteForeignFiles() {
            Set<String> foreign = new TreeSet<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    if (!ScenarioFiles.ALL.contains(name) && !name.startsWith(".")) {
                        foreign.add(name);
                    }
                }
            } catch (IOException e) {
                throw ScenarioException.unreadable(dir.toString(), e);
            }
            if (!foreign.isEmpty()) {
                notes.add(String.join(", ", foreign) + (foreign.size() == 1 ? " is" : " are")
                        + " not part of a scenario and " + (foreign.size() == 1 ? "was" : "were") + " ignored");
            }
        }

        // ---- hosts.csv ----

        private void readHosts() {
            try (CsvTable t = csv(HOSTS, HOST_COLUMNS, HOST_EXTRA_COLUMNS)) {
                while (t.next()) {
                    Host row = hostRow(t);
                    String service = row.primaryService();
                    Host known = hosts.get(row.id());
                    if (known == null) {
                        hosts.put(row.id(), row);
                        hostLines.put(row.id(), t.line());
                    } else {
                        int firstLine = hostLines.get(row.id());
                        String[] conflict = conflict(known, row, firstLine);
                        if (conflict != null) {
                            throw t.error(conflict[0], conflict[1]);
                        }
                        if (known.services().contains(service)) {
                            throw t.error("service", "host " + row.id() + " already runs service " + service
                                    + " (line " + firstLine + " or later); list each service of a host once");
                        }
                        List<String> merged = new ArrayList<>(known.services());
                        merged.add(service);
                        hosts.put(row.id(), t.domain(() -> new Host(known.id(), merged, known.region(), known.zone(),
                                known.instanceType(), known.capacity(), known.hourlyCostUsd(), known.version(),
                                known.criticality(), known.role())));
                    }
                    regions.add(row.region());
                    hostServiceCriticality.merge(service, row.criticality(),
                            (a, b) -> a.compareTo(b) >= 0 ? a : b);
                }
            }
            if (hosts.isEmpty()) {
                notes.add(HOSTS + " lists no hosts: there is nothing to plan");
            }
        }

        private static Host hostRow(CsvTable t) {
            Criticality criticality = t.domain(() -> Criticality.parse("criticality", t.required("criticality")));
            Capacity capacity = t.domain(() -> new Capacity(t.number("cpu_cores"), t.number("memory_gib"),
                    t.number("network_gbps", 0), t.number("disk_mbps", 0)));
            double cost = t.number("hourly_cost_usd");
            return t.domain(() -> new Host(t.required("host_id"), List.of(t.required("service")), t.required("region"),
                    t.required("zone"), t.required("instance_type"), capacity, cost, t.required("version"),
                    criticality, t.text("role")));
        }

        /** {field, problem} for the first field in which a repeated host row disagrees, or null. */
        private static String[] conflict(Host a, Host b, int firstLine) {
            Object[][] fields = {
                    {"region", a.region(), b.region()},
                    {"zone", a.zone(), b.zone()},
                    {"instance_type", a.instanceType(), b.instanceType()},
                    {"cpu_cores", a.capacity().cpuCores(), b.capacity().cpuCores()},
                    {"memory_gib", a.capacity().memoryGib(), b.capacity().memoryGib()},
                    {"network_gbps", a.capacity().networkGbps(), b.capacity().networkGbps()},
                    {"disk_mbps", a.capacity().diskMBps(), b.capacity().diskMBps()},
                    {"hourly_cost_usd", a.hourlyCostUsd(), b.hourlyCostUsd()},
                    {"version", a.version(), b.version()},
                    {"criticality", a.criticality().label(), b.criticality().label()},
                    {"role", a.role(), b.role()},
            };
            for (Object[] f : fields) {
                if (!Objects.equals(f[1], f[2])) {
                    return new String[] {(String) f[0], "host " + a.id() + " has " + f[0] + " " + show(f[2])
                            + " here but " + show(f[1]) + " on line " + firstLine
                            + "; the rows of one host must agree on everything but service"};
                }
            }
            return null;
        }

        private static String show(Object v) {
            return v instanceof Double d ? Values.formatNumber(d) : "\"" + v + "\"";
        }

        // ---- instance_types.csv ----

        private List<InstanceType> readInstanceTypes() {
            if (absent(INSTANCE_TYPES, "no instance types are known for surge capacity")) {
                return List.of();
            }
            List<InstanceType> out = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            try (CsvTable t = csv(INSTANCE_TYPES, INSTANCE_TYPE_COLUMNS, List.of())) {
                while (t.next()) {
                    Capacity capacity = t.domain(() -> new Capacity(t.number("cpu_cores"), t.number("memory_gib"),
                            t.number("network_gbps"), t.number("disk_mbps")));
                    InstanceType type = t.domain(() -> new InstanceType(t.required("instance_type"),
                            t.required("region"), capacity, t.number("on_demand_hourly_usd"),
                            t.number("spot_hourly_usd")));
                    Integer before = seen.putIfAbsent(type.name() + "@" + type.region(), t.line());
                    if (before != null) {
                        throw t.error("instance_type", "instance type " + type.name() + " in region " + type.region()
                                + " is already listed on line " + before);
                    }
                    out.add(type);
                }
            }
            return out;
        }

        // ---- dependencies.json ----

        private List<Dependency> readDependencies() {
            List<Dependency> edges = new ArrayList<>();
            if (!absent(DEPENDENCIES, "services have no dependencies and take their criticality from their hosts")) {
                JsonObject root = json(DEPENDENCIES, Set.of("services", "edges"));
                for (JsonTree.Node n : root.list("services")) {
                    JsonObject o = JsonObject.of(n, DEPENDENCIES, "services", "",
                            Set.of("name", "criticality", "max_utilisation", "min_healthy_fraction", "response_time_ms",
                                    "service_time_ms"), notes);
                    String name = o.text("name");
                    if (services.containsKey(name)) {
                        throw o.error("name", o.get("name"), "service " + name + " is listed twice");
                    }
                    String criticality = o.text("criticality", null);
                    Optional<ResponseTime> responseTime = responseTime(o);
                    Service s = o.domain(() -> new Service(name, criticality == null ? derivedCriticality(name)
                            : Criticality.parse("criticality", criticality),
                            new Slo(o.number("max_utilisation", Slo.DEFAULT.maxUtilisation()),
                                    o.number("min_healthy_fraction", Slo.DEFAULT.minHealthyFraction()),
                                    responseTime)));
                    services.put(name, s);
                }
                Set<String> pairs = new HashSet<>();
                List<JsonObject> edgeObjects = new ArrayList<>();
                for (JsonTree.Node n : root.list("edges")) {
                    edgeObjects.add(JsonObject.of(n, DEPENDENCIES, "edges", "", Set.of("from", "to", "weight", "evidence"),
                            notes));
                }
                addHostOnlyServices();
                for (JsonObject o : edgeObjects) {
                    Dependency d = o.domain(() -> new Dependency(o.text("from"), o.text("to"), o.number("weight", 0),
                            o.text("evidence", "")));
                    for (String end : List.of("from", "to")) {
                        String service = end.equals("from") ? d.from() : d.to();
                        if (!services.containsKey(service)) {
                            throw o.error(end, o.get(end), unknownService(service));
                        }
                    }
                    if (!pairs.add(d.from() + "\n" + d.to())) {
                        throw o.error("to", o.get("to"), "the edge from " + d.from() + " to " + d.to()
                                + " is listed twice");
                    }
                    edges.add(d);
                }
            } else {
                addHostOnlyServices();
            }
            return edges;
        }

        /** A service's response-time target: both fields or neither. */
        private Optional<ResponseTime> responseTime(JsonObject o) {
            boolean target = o.get("response_time_ms") != null;
            boolean serviceTime = o.get("service_time_ms") != null;
            if (target != serviceTime) {
                String missing = target ? "service_time_ms" : "response_time_ms";
                String given = target ? "response_time_ms" : "service_time_ms";
                throw o.error(missing, null, "the field is missing: " + given + " needs " + missing + " as well "
                        + "(a response-time target is the mean response time to keep and the mean service time of "
                        + "one request on one core, both in milliseconds)");
            }
            if (!target) {
                return Optional.empty();
            }
            double t = o.number("response_time_ms", 0);
            double st = o.number("service_time_ms", 0);
            return Optional.of(o.domain(() -> new ResponseTime(t, st)));
        }

        private Criticality derivedCriticality(String service) {
            return hostServiceCriticality.getOrDefault(service, Criticality.MEDIUM);
        }

        private void addHostOnlyServices() {
            List<String> added = new ArrayList<>();
            for (Map.Entry<String, Criticality> e : hostServiceCriticality.entrySet()) {
                if (!services.containsKey(e.getKey())) {
                    services.put(e.getKey(), new Service(e.getKey(), e.getValue(), Slo.DEFAULT));
                    added.add(e.getKey());
                }
            }
            if (!added.isEmpty() && Files.exists(dir.resolve(DEPENDENCIES))) {
                notes.add(DEPENDENCIES + " does not list service" + (added.size() == 1 ? " " : "s ")
                        + String.join(", ", added) + ": criticality taken from the most critical host, default SLO");
            }
        }

        private static String unknownService(String service) {
            return "service " + service + " is neither in hosts.csv nor in the services of dependencies.json";
        }

        // ---- metrics.csv(.gz) ----

        private List<MetricSeries> readMetrics() {
            Path file = dir.resolve(METRICS);
            if (!Files.exists(file)) {
                file = dir.resolve(METRICS_GZ);
                if (!Files.exists(file)) {
                    notes.add(METRICS + " is absent: no load history was imported, so there is nothing to forecast from");
                    return List.of();
                }
            } else if (Files.exists(dir.resolve(METRICS_GZ))) {
                notes.add(METRICS_GZ + " was ignored because " + METRICS + " is present");
            }
            Function<String, SeriesId> key = raw -> {
                SeriesId id = SeriesId.parse("series_id", raw);
                if (!hosts.containsKey(id.hostId())) {
                    throw new DomainException("series_id", "series " + raw + " is for host " + id.hostId()
                            + ", which is not in hosts.csv");
                }
                return id;
            };
            List<MetricSeries> out = new ArrayList<>();
            for (LongMetricsCsv.Series<SeriesId> s : LongMetricsCsv.read(file, key, notes.sink())) {
                out.add(new MetricSeries(s.key(), s.start(), s.step(), s.values()));
            }
            return out;
        }

        // ---- releases.json ----

        private List<Release> readReleases() {
            if (absent(RELEASES, "no service has a target version, so no host needs an update")) {
                return List.of();
            }
            JsonObject root = json(RELEASES, Set.of("releases"));
            List<Release> out = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (JsonTree.Node n : root.list("releases")) {
                JsonObject o = JsonObject.of(n, RELEASES, "releases", "", Set.of("service", "version", "requires",
                        "breaking"), notes);
                String service = o.text("service");
                if (!services.containsKey(service)) {
                    throw o.error("service", o.get("service"), unknownService(service));
                }
                List<String> requires = new ArrayList<>();
                for (JsonTree.Node r : o.list("requires")) {
                    requires.add(o.textOf("requires", r));
                }
                Release r = o.domain(() -> new Release(service, o.text("version"), requires, o.bool("breaking", false)));
                Integer before = seen.putIfAbsent(r.service() + "\n" + r.version(), o.line());
                if (before != null) {
                    throw o.error("version", o.get("version"), "release " + r.version() + " of " + r.service()
                            + " is already listed on line " + before);
                }
                out.add(r);
            }
            return out;
        }

        // ---- update_history.csv ----

        private List<UpdateRecord> readHistory() {
            if (absent(UPDATE_HISTORY, "update durations are predicted without history")) {
                return List.of();
            }
            List<UpdateRecord> out = new ArrayList<>();
            try (CsvTable t = csv(UPDATE_HISTORY, HISTORY_COLUMNS, List.of())) {
                while (t.next()) {
                    String host = t.required("host_id");
                    if (!hosts.containsKey(host)) {
                        throw t.error("host_id", "host " + host + " is not in hosts.csv");
                    }
                    String service = t.required("service");
                    if (!services.containsKey(service)) {
                        throw t.error("service", unknownService(service));
                    }
                    UpdateOutcome outcome = t.domain(() -> UpdateOutcome.parse("outcome", t.required("outcome")));
                    out.add(t.domain(() -> new UpdateRecord(host, service, t.required("from_version"),
                            t.required("to_version"), t.time("started"), t.time("finished"), t.number("peak_cpu"),
                            outcome)));
                }
            }
            return out;
        }

        // ---- events.csv ----

        private List<ScheduledEvent> readEvents() {
            if (absent(EVENTS, "no scheduled events change the forecast")) {
                return List.of();
            }
            List<ScheduledEvent> out = new ArrayList<>();
            try (CsvTable t = csv(EVENTS, EVENT_COLUMNS, List.of())) {
                while (t.next()) {
                    String scope = t.required("scope");
                    if (!ScheduledEvent.ALL.equals(scope) && !services.containsKey(scope) && !regions.contains(scope)) {
                        throw t.error("scope", "\"" + scope + "\" is neither a service, a region of hosts.csv nor *");
                    }
                    out.add(t.domain(() -> new ScheduledEvent(t.required("name"), t.time("start"), t.time("end"), scope,
                            t.number("load_factor"))));
                }
            }
            return out;
        }

        // ---- policy.json ----

        private Optional<Policy> readPolicy() {
            if (absent(POLICY, "the default policy applies")) {
                return Optional.empty();
            }
            return Optional.of(PolicyFile.parse(json(POLICY, PolicyFile.FIELDS), notes));
        }

        private static Instant time(JsonObject o, String name) {
            String text = o.text(name);
            Instant t = Values.parseTime(text);
            if (t == null) {
                throw o.error(name, o.get(name), CsvTable.badTime(text));
            }
            return t;
        }

        // ---- opening files ----

        /** Whether an optional file is absent; notes what that means when it is. */
        private boolean absent(String file, String consequence) {
            if (Files.exists(dir.resolve(file))) {
                return false;
            }
            notes.add(file + " is absent: " + consequence);
            return true;
        }

        private CsvTable csv(String file, List<String> required, List<String> optional) {
            Reader in;
            try {
                in = Sources.reader(dir.resolve(file));
            } catch (IOException e) {
                throw ScenarioException.unreadable(file, e);
            }
            try {
                return CsvTable.open(in, file, required, optional, notes.sink());
            } catch (RuntimeException e) {
                try {
                    in.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        private JsonObject json(String file, Set<String> known) {
            try (InputStream in = Sources.stream(dir.resolve(file))) {
                return JsonObject.of(JsonTree.parse(in, file), file, "", "", known, notes);
            } catch (IOException e) {
                throw ScenarioException.unreadable(file, e);
            }
        }
    }
}
