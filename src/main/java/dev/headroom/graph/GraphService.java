package dev.headroom.graph;

import dev.headroom.audit.AuditKind;
import dev.headroom.audit.AuditTrail;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Host;
import dev.headroom.domain.Service;
import dev.headroom.fleet.FleetStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An account's dependency graph: the merge of the account's own dependencies (from its fleet
 * snapshot), the latest import of every source file, and the operator's edits replayed in order.
 * Each import and each edit stores a new time-stamped snapshot of the merged graph.
 *
 * <p>Every method throws {@link HeadroomException} with an operator message when the account does
 * not exist, an input is invalid, or the store cannot be used.
 */
public final class GraphService {
    private final FleetStore store;
    private final GraphRepository repository;
    private final Clock clock;
    private final Optional<AuditTrail> audit;

    /** A graph service that records imports and edits in {@code audit}, after they are stored. */
    public GraphService(FleetStore store, GraphRepository repository, Clock clock, AuditTrail audit) {
        this(store, repository, clock, Optional.of(audit));
    }

    /** A graph service that keeps no audit records (views and tests that do not audit). */
    public GraphService(FleetStore store, GraphRepository repository, Clock clock) {
        this(store, repository, clock, Optional.empty());
    }

    private GraphService(FleetStore store, GraphRepository repository, Clock clock, Optional<AuditTrail> audit) {
        this.store = store;
        this.repository = repository;
        this.clock = clock;
        this.audit = audit;
    }

    /** What an import read from one file and with which importer. */
    public record ImportedFile(Path file, String importer, GraphImport read) {
    }

    /** The outcome of {@link #importFiles}: each file's import, the merged graph and its snapshot. */
    public record ImportResult(List<ImportedFile> files, DependencyGraph graph, GraphSnapshot snapshot) {
        public ImportResult {
            files = List.copyOf(files);
        }
    }

    /**
     * Imports the files as one batch: each is read completely with the first importer that
     * accepts it, the files of one importer together so that they can refer to each other (a
     * Deployment in one file, the Service and ConfigMap it names in others); then the new sources
     * (each file still its own source, replacing earlier imports of the same file) and the merged
     * snapshot are stored in one transaction. Every file is read before anything is stored, so a
     * bad file stores nothing of the batch, not even the good files before it.
     *
     * @throws GraphImportException naming file and line when a file cannot be read
     * @throws HeadroomException    when a file is missing or no importer accepts it
     */
    public ImportResult importFiles(String account, List<Path> files, List<GraphImporter> importers) {
        AccountSnapshot fleet = fleet(account);
        if (files.isEmpty()) {
            throw new HeadroomException("No file to import into the graph of account \"" + account
                    + "\". Name one or more files.");
        }
        Map<Path, GraphImporter> chosen = new LinkedHashMap<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new HeadroomException(file + " does not exist or is not a file; nothing was imported. "
                        + "Check the path and import again.");
            }
            GraphImporter importer = importers.stream().filter(i -> i.accepts(file)).findFirst()
                    .orElseThrow(() -> new HeadroomException("No importer recognises " + file
                            + "; nothing was imported. Known kinds: " + names(importers) + "."));
            chosen.putIfAbsent(file, importer);
        }
        List<ImportedFile> read = new ArrayList<>();
        GraphImporters.readBatches(chosen).forEach((file, imported) ->
                read.add(new ImportedFile(file, chosen.get(file).name(), imported)));
        Map<String, GraphImport> sources = new TreeMap<>();
        repository.sources(account).forEach(s -> sources.put(s.source(), s));
        read.forEach(f -> sources.put(f.read().source(), f.read()));
        DependencyGraph merged = merge(fleet, sources.values(), repository.edits(account));
        String reason = "imported " + read.stream().map(f -> f.read().source()).collect(Collectors.joining(", "));
        GraphSnapshot snapshot = repository.saveImports(account, read.stream().map(ImportedFile::read).toList(),
                merged, clock.instant(), reason);
        audit.ifPresent(a -> a.record(account, AuditKind.GRAPH, "import", reason + " (snapshot " + snapshot.id()
                + ")"));
        return new ImportResult(read, merged, snapshot);
    }

    private static Criticality higher(Criticality a, Criticality b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String names(List<GraphImporter> importers) {
        return importers.isEmpty() ? "none installed"
                : importers.stream().map(GraphImporter::name).collect(Collectors.joining(", "));
    }

    /** The account's current merged graph (computed from what is stored now; stores nothing). */
    public DependencyGraph graph(String account) {
        return merge(fleet(account), repository.sources(account), repository.edits(account));
    }

    /**
     * What the account's imported sources say about each service, by name (services no source
     * describes are absent): field by field, the value of the first source, in source order, that
     * declares it. The kind and evidence are those of the first source that lists the service;
     * the criticality is the declared one as {@link #graph} merges it (the highest).
     */
    public Map<String, DiscoveredService> discoveredServices(String account) {
        fleet(account);
        Map<String, DiscoveredService> out = new TreeMap<>();
        for (GraphImport source : repository.sources(account)) {
            for (DiscoveredService s : source.services()) {
                out.merge(s.name(), s, GraphService::fillGaps);
            }
        }
        return out;
    }

    private static DiscoveredService fillGaps(DiscoveredService first, DiscoveredService next) {
        return new DiscoveredService(first.name(), first.kind(),
                first.replicas().isPresent() ? first.replicas() : next.replicas(),
                first.cpuRequestMillicores().or(next::cpuRequestMillicores),
                first.memoryRequestMib().or(next::memoryRequestMib),
                first.cpuLimitMillicores().or(next::cpuLimitMillicores),
                first.memoryLimitMib().or(next::memoryLimitMib),
                Stream.of(first.criticality(), next.criticality()).flatMap(Optional::stream)
                        .max(Comparator.naturalOrder()),
                first.evidence());
    }

    /** Analyses of the current graph. */
    public GraphAnalysis analysis(String account) {
        return new GraphAnalysis(graph(account));
    }

    /** The update order of the account's services under its pending releases (see {@link GraphAnalysis#updateOrder}). */
    public GraphAnalysis.UpdateOrder updateOrder(String account) {
        AccountSnapshot fleet = fleet(account);
        DependencyGraph graph = merge(fleet, repository.sources(account), repository.edits(account));
        return new GraphAnalysis(graph).updateOrder(fleet.releases());
    }

    /**
     * The blast radius of taking a host out, counting every service with a replica on it as out
     * (the worst case: the host may hold the service's last healthy replica).
     */
    public List<GraphAnalysis.Impacted> blastRadiusOfHost(String account, String hostId) {
        AccountSnapshot fleet = fleet(account);
        Host host = fleet.hosts().stream().filter(h -> h.id().equals(hostId)).findFirst()
                .orElseThrow(() -> new HeadroomException("Account \"" + account + "\" has no host \"" + hostId
                        + "\". List its hosts with: headroom fleet --account " + account));
        DependencyGraph graph = merge(fleet, repository.sources(account), repository.edits(account));
        return new GraphAnalysis(graph).blastRadius(host.services().stream().filter(graph::contains).toList());
    }

    /** The account's operator edits, oldest first. */
    public List<GraphEdit> edits(String account) {
        fleet(account);
        return repository.edits(account);
    }

    /** Stored snapshots of the account's graph, oldest first. */
    public List<GraphSnapshot> snapshots(String account) {
        fleet(account);
        return repository.snapshots(account);
    }

    /** A stored snapshot's graph; empty when the account has no snapshot with that id. */
    public Optional<DependencyGraph> snapshot(String account, long id) {
        return repository.snapshot(account, id);
    }

    /** Adds {@code from → to} with the operator's weight; it stays through later imports until removed. */
    public GraphSnapshot addEdge(String account, String from, String to, double weight) {
        return edit(account, () -> GraphEdit.add(from, to, weight, clock.instant()));
    }

    /**
     * Removes {@code from → to}; it stays removed when a later import finds it again.
     *
     * @throws HeadroomException when the graph has no such edge
     */
    public GraphSnapshot removeEdge(String account, String from, String to) {
        requireEdge(account, from, to, "removed");
        return edit(account, () -> GraphEdit.remove(from, to, clock.instant()));
    }

    /**
     * Sets the weight of {@code from → to}.
     *
     * @throws HeadroomException when the graph has no such edge
     */
    public GraphSnapshot reweight(String account, String from, String to, double weight) {
        requireEdge(account, from, to, "reweighted");
        return edit(account, () -> GraphEdit.reweight(from, to, weight, clock.instant()));
    }

    /**
     * Sets a service's criticality in the graph (the fleet's own record is left as it is).
     *
     * @throws HeadroomException when the graph has no such service
     */
    public GraphSnapshot setCriticality(String account, String service, Criticality level) {
        if (!graph(account).contains(service)) {
            throw new HeadroomException("The graph of account \"" + account + "\" has no service \"" + service
                    + "\"; its criticality was not set. List the services with: headroom graph export");
        }
        return edit(account, () -> GraphEdit.criticality(service, level, clock.instant()));
    }

    private void requireEdge(String account, String from, String to, String what) {
        if (graph(account).edge(from, to).isEmpty()) {
            throw new HeadroomException("The graph of account \"" + account + "\" has no edge " + from + " → " + to
                    + "; nothing was " + what + ". List the edges with: headroom graph export");
        }
    }

    private interface EditFactory {
        GraphEdit make();
    }

    private GraphSnapshot edit(String account, EditFactory factory) {
        AccountSnapshot fleet = fleet(account);
        GraphEdit edit;
        try {
            edit = factory.make();
        } catch (DomainException e) {
            throw new HeadroomException("The graph of account \"" + account + "\" was not changed: " + e.getMessage()
                    + ". Correct the edit and try again.", e);
        }
        List<GraphEdit> edits = new ArrayList<>(repository.edits(account));
        edits.add(edit);
        DependencyGraph merged = merge(fleet, repository.sources(account), edits);
        GraphSnapshot snapshot = repository.saveEdit(account, edit, merged, edit.describe());
        String subject = edit.kind() == GraphEdit.Kind.CRITICALITY ? edit.from() : edit.from() + " → " + edit.to();
        audit.ifPresent(a -> a.record(account, AuditKind.GRAPH, subject, edit.describe() + " (snapshot "
                + snapshot.id() + ")"));
        return snapshot;
    }

    private AccountSnapshot fleet(String account) {
        return store.load(account, false).orElseThrow(() -> new HeadroomException("There is no account named \""
                + account + "\". List the accounts with: headroom accounts"));
    }

    /**
     * The merge: the fleet's services (with criticality) and dependencies, then each source in
     * order, then the operator's edits in the order they were made. An edit that no longer
     * applies (a reweight of an edge a later edit removed) is skipped.
     *
     * <p>A service's criticality: the operator's last {@code graph criticality} edit, else the
     * level the sources declare (the highest when two sources disagree: planning errs on the
     * careful side), else the fleet's own.
     */
    static DependencyGraph merge(AccountSnapshot fleet, Collection<GraphImport> sources, List<GraphEdit> edits) {
        DependencyGraph.Builder b = DependencyGraph.builder();
        for (Service s : fleet.services()) {
            b.service(s.name(), s.criticality());
        }
        fleet.dependencies().forEach(b::edge);
        Map<String, Criticality> declared = new TreeMap<>();
        for (GraphImport source : sources) {
            for (DiscoveredService s : source.services()) {
                b.service(s.name());
                s.criticality().ifPresent(c -> declared.merge(s.name(), c, GraphService::higher));
            }
            source.edges().forEach(b::edge);
        }
        declared.forEach(b::service);
        for (GraphEdit e : edits) {
            switch (e.kind()) {
                case ADD -> b.setEdge(e.from(), e.to(), e.weight(), GraphEdit.ADDED);
                case REMOVE -> b.removeEdge(e.from(), e.to());
                case REWEIGHT -> {
                    if (b.hasEdge(e.from(), e.to())) {
                        b.setEdge(e.from(), e.to(), e.weight(), GraphEdit.REWEIGHTED);
                    }
                }
                case CRITICALITY -> {
                    if (b.hasService(e.from())) {
                        b.service(e.from(), e.criticality().orElseThrow());
                    }
                }
                default -> throw new IllegalStateException(e.kind().name());
            }
        }
        return b.build();
    }
}
