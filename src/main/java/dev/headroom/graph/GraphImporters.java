package dev.headroom.graph;

import dev.headroom.graph.imports.ComposeImporter;
import dev.headroom.graph.imports.DependenciesJsonImporter;
import dev.headroom.graph.imports.JaegerDependenciesImporter;
import dev.headroom.graph.imports.KubernetesManifestImporter;
import dev.headroom.graph.imports.TrafficMetricsImporter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The importers Headroom ships, in the order they are asked whether they accept a file: compose
 * before Kubernetes because a compose file is YAML too, the JSON formats by their shape.
 */
public final class GraphImporters {
    private GraphImporters() {
    }

    public static List<GraphImporter> all() {
        return List.of(new ComposeImporter(), new KubernetesManifestImporter(), new DependenciesJsonImporter(),
                new TrafficMetricsImporter(), new JaegerDependenciesImporter());
    }

    /**
     * Reads files imported together, each with the importer chosen for it: the files of one
     * importer go to its {@link GraphImporter#readBatch} as one batch, so that they can refer to
     * each other.
     *
     * @param chosen each file with its importer, in the order of the result
     * @return each file's import, in the order of {@code chosen}
     * @throws GraphImportException naming file and line of the first file that cannot be read
     */
    public static Map<Path, GraphImport> readBatches(Map<Path, GraphImporter> chosen) {
        Map<GraphImporter, List<Path>> batches = new LinkedHashMap<>();
        chosen.forEach((file, importer) -> batches.computeIfAbsent(importer, i -> new ArrayList<>()).add(file));
        Map<Path, GraphImport> read = new HashMap<>();
        batches.forEach((importer, files) -> {
            List<GraphImport> imports = importer.readBatch(files);
            for (int i = 0; i < files.size(); i++) {
                read.put(files.get(i), imports.get(i));
            }
        });
        Map<Path, GraphImport> inOrder = new LinkedHashMap<>();
        chosen.keySet().forEach(file -> inOrder.put(file, read.get(file)));
        return inOrder;
    }
}
