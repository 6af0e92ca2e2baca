package dev.headroom.graph.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.HeadroomException;
import dev.headroom.graph.DiscoveredService;
import dev.headroom.graph.GraphImporter;
import dev.headroom.graph.GraphImporters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Scores the importers on topology folders (the layout of the shared {@code topologies} set:
 * manifests at their upstream paths next to a hand-checked {@code edges.json}). Every manifest
 * and compose file of a folder is imported, the folder as one batch; services and edges are united (edges by from/to) and
 * compared with the ground truth, including each workload's replicas and requests.
 */
public final class GraphBench {
    private static final double TOLERANCE = 1e-6;

    /**
     * One topology's figures. Precision is 1 when no edge was found (nothing found is nothing
     * wrong) and each recall is 1 when there is nothing to find.
     *
     * @param recallVisible recall over the true edges marked {@code in_manifest}
     * @param falseEdges    found edges that are not true ({@code from -> to  evidence})
     * @param missedVisible true edges marked visible that were not found
     */
    public record TopologyScore(String name, List<String> files, int servicesFound, int edgesFound, int trueEdges,
                                int visibleEdges, double precision, double recall, double recallVisible,
                                List<String> replicaMismatches, List<String> requestMismatches,
                                List<String> falseEdges, List<String> missedVisible, List<String> notes) {
        public TopologyScore {
            files = List.copyOf(files);
            replicaMismatches = List.copyOf(replicaMismatches);
            requestMismatches = List.copyOf(requestMismatches);
            falseEdges = List.copyOf(falseEdges);
            missedVisible = List.copyOf(missedVisible);
            notes = List.copyOf(notes);
        }
    }

    private final List<GraphImporter> importers;

    public GraphBench(List<GraphImporter> importers) {
        this.importers = List.copyOf(importers);
    }

    /** The importers of files a topology folder holds: Kubernetes manifests and compose files. */
    public static GraphBench standard() {
        return new GraphBench(List.of(new ComposeImporter(), new KubernetesManifestImporter()));
    }

    /** Every sub-folder of {@code data} that holds an {@code edges.json}, by name. */
    public List<TopologyScore> run(Path data) {
        if (!Files.isDirectory(data)) {
            throw new HeadroomException("No directory " + data + ". Point --data at a folder of topology folders, "
                    + "each with its manifests and an edges.json.");
        }
        List<Path> folders;
        try (Stream<Path> s = Files.list(data)) {
            folders = s.filter(p -> Files.isRegularFile(p.resolve("edges.json"))).sorted().toList();
        } catch (IOException e) {
            throw new HeadroomException("Cannot list " + data + ": " + e.getMessage(), e);
        }
        if (folders.isEmpty()) {
            throw new HeadroomException("No topology folder in " + data + ": each needs an edges.json next to its "
                    + "manifests.");
        }
        return folders.stream().map(this::score).toList();
    }

    public TopologyScore score(Path folder) {
        Map<String, DiscoveredService> services = new LinkedHashMap<>();
        Map<String, Dependency> edges = new LinkedHashMap<>();
        List<String> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<Path, GraphImporter> chosen = new LinkedHashMap<>();
        for (Path file : sources(folder)) {
            importers.stream().filter(i -> i.accepts(file)).findFirst().ifPresent(i -> chosen.put(file, i));
        }
        // one batch per folder, as `graph import` of all its files would read them
        GraphImporters.readBatches(chosen).forEach((file, imported) -> {
            files.add(folder.relativize(file).toString());
            imported.services().forEach(s -> services.putIfAbsent(s.name(), s));
            imported.edges().forEach(e -> edges.putIfAbsent(key(e.from(), e.to()), e));
            notes.addAll(imported.notes());
        });
        JsonNode truth = truth(folder.resolve("edges.json"));
        Set<String> trueEdges = new LinkedHashSet<>();
        Set<String> visible = new LinkedHashSet<>();
        for (JsonNode e : truth.path("edges")) {
            String k = key(e.path("from").asText(), e.path("to").asText());
            trueEdges.add(k);
            if (e.path("in_manifest").asBoolean(false)) {
                visible.add(k);
            }
        }
        List<String> falseEdges = new ArrayList<>();
        edges.forEach((k, e) -> {
            if (!trueEdges.contains(k)) {
                falseEdges.add(e.from() + " -> " + e.to() + "  " + e.evidence());
            }
        });
        List<String> missed = visible.stream().filter(k -> !edges.containsKey(k))
                .map(k -> k.replace("\n", " -> ")).toList();
        long foundTrue = edges.keySet().stream().filter(trueEdges::contains).count();
        long foundVisible = visible.stream().filter(edges::containsKey).count();
        List<String> replicaMismatches = new ArrayList<>();
        List<String> requestMismatches = new ArrayList<>();
        for (JsonNode s : truth.path("services")) {
            compare(s, services.get(s.path("name").asText()), replicaMismatches, requestMismatches);
        }
        return new TopologyScore(folder.getFileName().toString(), files, services.size(), edges.size(),
                trueEdges.size(), visible.size(), ratio(foundTrue, edges.size()), ratio(foundTrue, trueEdges.size()),
                ratio(foundVisible, visible.size()), replicaMismatches, requestMismatches, falseEdges, missed, notes);
    }

    private static void compare(JsonNode truth, DiscoveredService found, List<String> replicas, List<String> requests) {
        String name = truth.path("name").asText();
        if (found == null) {
            replicas.add(name + ": not imported");
            return;
        }
        int expected = truth.path("replicas").asInt(1);
        boolean explicit = truth.path("replicas_explicit").asBoolean(true);
        if (found.effectiveReplicas() != expected || found.replicas().isPresent() != explicit) {
            replicas.add(name + ": " + describe(found) + ", expected " + expected
                    + (explicit ? " (explicit)" : " (default)"));
        }
        request(name, "cpu", truth.path("cpu_request_millicores"), found.cpuRequestMillicores(), "m", requests);
        request(name, "memory", truth.path("memory_request_mib"), found.memoryRequestMib(), "Mi", requests);
    }

    private static String describe(DiscoveredService s) {
        return s.replicas().isPresent() ? s.replicas().getAsInt() + " (explicit)" : "1 (default)";
    }

    private static void request(String name, String resource, JsonNode expected, Optional<Double> found,
                                String unit, List<String> out) {
        boolean declared = expected.isNumber();
        boolean same = declared ? found.filter(v -> Math.abs(v - expected.asDouble()) <= TOLERANCE).isPresent()
                : found.isEmpty();
        if (!same) {
            out.add(String.format(Locale.ROOT, "%s %s request: %s, expected %s", name, resource,
                    found.map(v -> v + unit).orElse("none"), declared ? expected.asDouble() + unit : "none"));
        }
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 1.0 : (double) part / whole;
    }

    private static String key(String from, String to) {
        return from + "\n" + to;
    }

    private static List<Path> sources(Path folder) {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return !n.equals("edges.json") && !n.startsWith("LICENSE") && !n.startsWith("README");
            }).sorted().toList();
        } catch (IOException e) {
            throw new HeadroomException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode truth(Path edgesJson) {
        try {
            return new ObjectMapper().readTree(edgesJson.toFile());
        } catch (IOException e) {
            throw new HeadroomException("Cannot read the ground truth " + edgesJson + ": " + e.getMessage(), e);
        }
    }
}
