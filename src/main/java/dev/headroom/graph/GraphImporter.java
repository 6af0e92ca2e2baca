package dev.headroom.graph;

import java.nio.file.Path;

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
}
