package dev.headroom.graph;

import java.nio.file.Path;
import java.util.List;

/** Reads one kind of source (Kubernetes manifests, compose files, traffic metrics, …) into a {@link GraphImport}. */
public interface GraphImporter {

    /** Short name for reports and the CLI, e.g. {@code kubernetes}. */
    String name();

    /** Whether this importer recognises the file (by name and, if needed, its first bytes). */
    boolean accepts(Path file);

    /**
     * @throws GraphImportException naming file and line when the file cannot be read as this kind
     */
    GraphImport read(Path file);

    /**
     * Reads files imported together, one {@link GraphImport} per file in the order given. The
     * default reads each file on its own; an importer whose files refer to each other (Kubernetes
     * manifests split into deployment.yaml, service.yaml, configmap.yaml) resolves references across
     * the whole batch, keeping each edge's evidence at the file and line of the reference.
     *
     * @throws GraphImportException naming file and line of the first file that cannot be read;
     *                              then nothing of the batch is returned
     */
    default List<GraphImport> readBatch(List<Path> files) {
        return files.stream().map(this::read).toList();
    }
}
