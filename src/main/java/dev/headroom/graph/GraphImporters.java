package dev.headroom.graph;

import dev.headroom.graph.imports.ComposeImporter;
import dev.headroom.graph.imports.DependenciesJsonImporter;
import dev.headroom.graph.imports.JaegerDependenciesImporter;
import dev.headroom.graph.imports.KubernetesManifestImporter;
import dev.headroom.graph.imports.TrafficMetricsImporter;

import java.util.List;

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
}
