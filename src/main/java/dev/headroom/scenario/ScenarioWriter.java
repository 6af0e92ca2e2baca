package dev.headroom.scenario;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Release;
import dev.headroom.domain.ScheduledEvent;
import dev.headroom.domain.Service;
import dev.headroom.domain.UpdateRecord;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

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
import static dev.headroom.scenario.ScenarioFiles.METRIC_COLUMNS;
import static dev.headroom.scenario.ScenarioFiles.POLICY;
import static dev.headroom.scenario.ScenarioFiles.RELEASES;
import static dev.headroom.scenario.ScenarioFiles.UPDATE_HISTORY;

/**
 * Writes an {@link AccountSnapshot} as a scenario directory that {@link ScenarioReader} reads back
 * to an equal snapshot (the account aside), in bytes that depend only on the snapshot: rows sorted
 * by id (hosts by id, metrics by series then time, history and events by time), JSON fields in a
 * fixed order, numbers in their shortest exact form, {@code \n} line ends. Missing samples are left
 * out, so a series' leading and trailing gaps do not survive the trip.
 *
 * <p>Files are written into a hidden sibling directory first and moved into place only when all
 * of them are complete, so a failed export leaves the target as it was. Empty optional parts
 * (no events, no policy…) produce no file.
 */
public final class ScenarioWriter {

    private ScenarioWriter() {
    }

    /**
     * Writes {@code snapshot} into {@code dir}, which must be absent, empty, or a scenario
     * directory (one with {@code hosts.csv}); in the last case its scenario files are replaced
     * and other files left alone.
     *
     * @param gzipMetrics write {@code metrics.csv.gz} instead of {@code metrics.csv}
     * @throws ScenarioException when {@code dir} is not a place to write a scenario, or writing fails
     */
    public static void write(AccountSnapshot snapshot, Path dir, boolean gzipMetrics) {
        Path target = dir.toAbsolutePath().normalize();
        checkTarget(target);
        Path staging = null;
        try {
            Files.createDirectories(target.getParent());
            staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".export-");
            writeAll(snapshot, staging, gzipMetrics);
            publish(staging, target);
        } catch (IOException e) {
            throw notWritten(target, e.getMessage(), e);
        } finally {
            if (staging != null) {
                deleteQuietly(staging);
            }
        }
    }

    private static void checkTarget(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new ScenarioException(target.toString(), 0, "", "not a directory", target
                    + " is a file. Choose a new or empty directory for the scenario and export again; nothing was written.",
                    null);
        }
        if (!isEmpty(target) && !Files.isRegularFile(target.resolve(HOSTS))) {
            throw new ScenarioException(target.toString(), 0, "", "not empty and not a scenario directory", target
                    + " already holds files and is not a scenario directory (it has no hosts.csv), so Headroom will "
                    + "not write into it. Choose a new or empty directory, or an earlier export to replace, and export "
                    + "again; nothing was written.", null);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw notWritten(dir, e.getMessage(), e);
        }
    }

    private static ScenarioException notWritten(Path target, String reason, Throwable cause) {
        return new ScenarioException(target.toString(), 0, "", "could not write: " + reason,
                "Could not write the scenario to " + target + " (" + reason + "). Check that the disk has space and "
                        + "the directory is writable, then export again; nothing was written.", cause);
    }

    /** Moves the staged files into place: the whole directory when new, file by file when replacing. */
    private static void publish(Path staging, Path target) throws IOException {
        if (!Files.exists(target)) {
            move(staging, target);
            return;
        }
        Set<String> written = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(staging)) {
            for (Path f : files) {
                written.add(f.getFileName().toString());
                move(f, target.resolve(f.getFileName()));
            }
        }
        for (String name : ScenarioFiles.ALL) {
            if (!written.contains(name)) {
                Files.deleteIfExists(target.resolve(name));
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // A leftover hidden staging directory is harmless; the export result is what matters.
                }
            });
        } catch (IOException ignored) {
            // As above.
        }
    }

    private static void writeAll(AccountSnapshot s, Path dir, boolean gzipMetrics) throws IOException {
        writeHosts(s.hosts(), dir.resolve(HOSTS));
        writeText(dir.resolve(DEPENDENCIES), JsonWriter.write(dependencies(s.services(), s.dependencies())));
        if (!s.instanceTypes().isEmpty()) {
            writeInstanceTypes(s.instanceTypes(), dir.resolve(INSTANCE_TYPES));
        }
        if (!s.metrics().isEmpty()) {
            writeMetrics(s.metrics(), dir.resolve(gzipMetrics ? METRICS_GZ : METRICS), gzipMetrics);
        }
        if (!s.releases().isEmpty()) {
            writeText(dir.resolve(RELEASES), JsonWriter.write(releases(s.releases())));
        }
        if (!s.updateHistory().isEmpty()) {
            writeHistory(s.updateHistory(), dir.resolve(UPDATE_HISTORY));
        }
        if (!s.events().isEmpty()) {
            writeEvents(s.events(), dir.resolve(EVENTS));
        }
        if (s.policy().isPresent()) {
            writeText(dir.resolve(POLICY), PolicyFile.write(s.policy().get()));
        }
    }

    private static void writeHosts(List<Host> hosts, Path file) throws IOException {
        try (Writer w = open(file, false)) {
            CsvWriter csv = new CsvWriter(w);
            csv.row(concat(HOST_COLUMNS, HOST_EXTRA_COLUMNS));
            for (Host h : sorted(hosts, Comparator.comparing(Host::id))) {
                for (String service : h.services()) {
                    csv.row(h.id(), service, h.region(), h.zone(), h.instanceType(), num(h.capacity().cpuCores()),
                            num(h.capacity().memoryGib()), num(h.hourlyCostUsd()), h.version(), h.criticality().label(),
                            num(h.capacity().networkGbps()), num(h.capacity().diskMBps()), h.role());
                }
            }
        }
    }

    private static void writeInstanceTypes(List<InstanceType> types, Path file) throws IOException {
        try (Writer w = open(file, false)) {
            CsvWriter csv = new CsvWriter(w);
            csv.row(INSTANCE_TYPE_COLUMNS.toArray(new String[0]));
            for (InstanceType t : sorted(types, Comparator.comparing(InstanceType::name)
                    .thenComparing(InstanceType::region))) {
                csv.row(t.name(), t.region(), num(t.capacity().cpuCores()), num(t.capacity().memoryGib()),
                        num(t.capacity().networkGbps()), num(t.capacity().diskMBps()), num(t.onDemandHourlyUsd()),
                        num(t.spotHourlyUsd()));
            }
        }
    }

    private static void writeMetrics(List<MetricSeries> metrics, Path file, boolean gzip) throws IOException {
        try (Writer w = open(file, gzip)) {
            CsvWriter csv = new CsvWriter(w);
            csv.row(METRIC_COLUMNS.toArray(new String[0]));
            // Series of one fleet share their timestamps; formatting each once saves most of the time.
            Map<Instant, String> times = new HashMap<>();
            for (MetricSeries m : sorted(metrics, Comparator.comparing(MetricSeries::id))) {
                String id = m.id().toString();
                for (int i = 0; i < m.size(); i++) {
                    double v = m.value(i);
                    if (!Double.isNaN(v)) {
                        csv.row(id, times.computeIfAbsent(m.time(i), Values::formatTime), num(v));
                    }
                }
            }
        }
    }

    private static void writeHistory(List<UpdateRecord> history, Path file) throws IOException {
        try (Writer w = open(file, false)) {
            CsvWriter csv = new CsvWriter(w);
            csv.row(HISTORY_COLUMNS.toArray(new String[0]));
            for (UpdateRecord u : sorted(history, Comparator.comparing(UpdateRecord::started)
                    .thenComparing(UpdateRecord::hostId).thenComparing(UpdateRecord::service)
                    .thenComparing(UpdateRecord::finished))) {
                csv.row(u.hostId(), u.service(), u.fromVersion(), u.toVersion(), Values.formatTime(u.started()),
                        Values.formatTime(u.finished()), num(u.peakCpu()), u.outcome().label());
            }
        }
    }

    private static void writeEvents(List<ScheduledEvent> events, Path file) throws IOException {
        try (Writer w = open(file, false)) {
            CsvWriter csv = new CsvWriter(w);
            csv.row(EVENT_COLUMNS.toArray(new String[0]));
            for (ScheduledEvent e : sorted(events, Comparator.comparing(ScheduledEvent::start)
                    .thenComparing(ScheduledEvent::name).thenComparing(ScheduledEvent::scope))) {
                csv.row(e.name(), Values.formatTime(e.start()), Values.formatTime(e.end()), e.scope(),
                        num(e.loadFactor()));
            }
        }
    }

    private static Map<String, Object> dependencies(List<Service> services, List<Dependency> edges) {
        List<Object> s = new ArrayList<>();
        for (Service service : sorted(services, Comparator.comparing(Service::name))) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", service.name());
            o.put("criticality", service.criticality().label());
            o.put("max_utilisation", service.slo().maxUtilisation());
            o.put("min_healthy_fraction", service.slo().minHealthyFraction());
            service.slo().responseTime().ifPresent(rt -> {
                o.put("response_time_ms", rt.targetMs());
                o.put("service_time_ms", rt.serviceTimeMs());
            });
            s.add(o);
        }
        List<Object> e = new ArrayList<>();
        for (Dependency d : sorted(edges, Comparator.comparing(Dependency::from).thenComparing(Dependency::to))) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("from", d.from());
            o.put("to", d.to());
            o.put("weight", d.weight());
            o.put("evidence", d.evidence());
            e.add(o);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("services", s);
        root.put("edges", e);
        return root;
    }

    private static Map<String, Object> releases(List<Release> releases) {
        List<Object> list = new ArrayList<>();
        for (Release r : sorted(releases, Comparator.comparing(Release::service).thenComparing(Release::version))) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("service", r.service());
            o.put("version", r.version());
            o.put("requires", List.copyOf(r.requires()));
            o.put("breaking", r.breaking());
            list.add(o);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("releases", list);
        return root;
    }

    private static void writeText(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static Writer open(Path file, boolean gzip) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        if (gzip) {
            out = new GZIPOutputStream(out, 1 << 16);
        }
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    private static <T> List<T> sorted(List<T> list, Comparator<? super T> order) {
        List<T> copy = new ArrayList<>(list);
        copy.sort(order);
        return copy;
    }

    private static String num(double x) {
        return Values.formatNumber(x);
    }

    private static String[] concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }
}
