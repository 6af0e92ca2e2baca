package dev.headroom.graph;

import dev.headroom.domain.Dependency;

import java.util.List;

/**
 * What one importer read from one source: the services and the edges it found (each edge with
 * its evidence, e.g. {@code release/kubernetes-manifests.yaml:212 env PRODUCT_CATALOG_SERVICE_ADDR}),
 * and notes for the operator — what it skipped and why, references it could not resolve.
 */
public record GraphImport(String source, List<DiscoveredService> services, List<Dependency> edges,
                          List<String> notes) {
    public GraphImport {
        services = List.copyOf(services);
        edges = List.copyOf(edges);
        notes = List.copyOf(notes);
    }
}
