package dev.headroom.graph;

import dev.headroom.graph.imports.JaegerDependenciesImporter;
import dev.headroom.graph.imports.TrafficMetricsImporter;

import java.util.List;

/** The importers Headroom ships, in the order they are asked whether they accept a file. */
public final class GraphImporters {
    private GraphImporters() {
    }

    public static List<GraphImporter> all() {
        return List.of(new TrafficMetricsImporter(), new JaegerDependenciesImporter());
    }
}
