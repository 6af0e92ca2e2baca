package dev.headroom.ui;

import dev.headroom.graph.DependencyGraph;
import dev.headroom.graph.GraphEdit;
import dev.headroom.graph.GraphImport;
import dev.headroom.graph.GraphRepository;
import dev.headroom.graph.GraphSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A graph repository in memory, for UI tests; thread-safe enough for one background worker. */
public final class InMemoryGraphRepository implements GraphRepository {
    private final Map<String, Map<String, GraphImport>> sources = new HashMap<>();
    private final Map<String, List<GraphEdit>> edits = new HashMap<>();
    private final Map<String, List<GraphSnapshot>> snapshots = new HashMap<>();
    private final Map<Long, DependencyGraph> graphs = new HashMap<>();
    private long nextId = 1;

    @Override
    public synchronized List<GraphImport> sources(String account) {
        return List.copyOf(sources.getOrDefault(account, Map.of()).values());
    }

    @Override
    public synchronized List<GraphEdit> edits(String account) {
        return List.copyOf(edits.getOrDefault(account, List.of()));
    }

    @Override
    public synchronized GraphSnapshot saveImports(String account, List<GraphImport> imports, DependencyGraph merged,
                                                  Instant at, String reason) {
        imports.forEach(i -> sources.computeIfAbsent(account, a -> new TreeMap<>()).put(i.source(), i));
        return snapshot(account, merged, at, reason);
    }

    @Override
    public synchronized GraphSnapshot saveEdit(String account, GraphEdit edit, DependencyGraph merged, String reason) {
        edits.computeIfAbsent(account, a -> new ArrayList<>()).add(edit);
        return snapshot(account, merged, edit.at(), reason);
    }

    private GraphSnapshot snapshot(String account, DependencyGraph merged, Instant at, String reason) {
        long id = nextId++;
        GraphSnapshot s = new GraphSnapshot(id, at, merged.services().size(), merged.edgeCount(), reason);
        snapshots.computeIfAbsent(account, a -> new ArrayList<>()).add(s);
        graphs.put(id, merged);
        return s;
    }

    @Override
    public synchronized List<GraphSnapshot> snapshots(String account) {
        return List.copyOf(snapshots.getOrDefault(account, List.of()));
    }

    @Override
    public synchronized Optional<DependencyGraph> snapshot(String account, long id) {
        return snapshots.getOrDefault(account, List.of()).stream().anyMatch(s -> s.id() == id)
                ? Optional.of(graphs.get(id)) : Optional.empty();
    }
}
