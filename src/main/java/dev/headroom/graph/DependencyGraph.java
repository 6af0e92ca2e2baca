package dev.headroom.graph;

import dev.headroom.domain.Criticality;
import dev.headroom.domain.Dependency;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable service graph: services (with their criticality when known) and one
 * {@link GraphEdge} per calling pair, on a JGraphT graph whose edge weights are the edges'
 * weights. Built with {@link #builder()}; {@link #graph()} is a read-only view for algorithms.
 */
public final class DependencyGraph {
    private static final Comparator<GraphEdge> EDGE_ORDER =
            Comparator.comparing(GraphEdge::from).thenComparing(GraphEdge::to);

    private final Graph<String, GraphEdge> graph;
    private final Map<String, Criticality> criticality;

    private DependencyGraph(Graph<String, GraphEdge> graph, Map<String, Criticality> criticality) {
        this.graph = new AsUnmodifiableGraph<>(graph);
        this.criticality = Map.copyOf(criticality);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A graph of exactly these services and edges; duplicate pairs are merged as in {@link Builder#edge}. */
    public static DependencyGraph of(Map<String, Criticality> services, List<Dependency> edges) {
        Builder b = builder();
        services.forEach(b::service);
        edges.forEach(b::edge);
        return b.build();
    }

    /** Service names, sorted. */
    public Set<String> services() {
        return new TreeSet<>(graph.vertexSet());
    }

    public boolean contains(String service) {
        return graph.containsVertex(service);
    }

    /** The service's criticality; empty when no source and no operator said. */
    public Optional<Criticality> criticality(String service) {
        return Optional.ofNullable(criticality.get(service));
    }

    /** Edges sorted by caller, then callee. */
    public List<GraphEdge> edges() {
        return graph.edgeSet().stream().sorted(EDGE_ORDER).toList();
    }

    public int edgeCount() {
        return graph.edgeSet().size();
    }

    public Optional<GraphEdge> edge(String from, String to) {
        return contains(from) && contains(to) ? Optional.ofNullable(graph.getEdge(from, to)) : Optional.empty();
    }

    /** The services {@code service} calls, sorted; empty for an unknown service. */
    public List<String> callees(String service) {
        return contains(service)
                ? graph.outgoingEdgesOf(service).stream().map(GraphEdge::to).sorted().toList() : List.of();
    }

    /** The services that call {@code service} (its direct dependants), sorted; empty for an unknown service. */
    public List<String> callers(String service) {
        return contains(service)
                ? graph.incomingEdgesOf(service).stream().map(GraphEdge::from).sorted().toList() : List.of();
    }

    /** A read-only JGraphT view; edge weights are {@link GraphEdge#weight()}. */
    public Graph<String, GraphEdge> graph() {
        return graph;
    }

    /** Edges in the domain's form, sorted as {@link #edges()}. */
    public List<Dependency> dependencies() {
        return edges().stream().map(GraphEdge::toDependency).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DependencyGraph other && services().equals(other.services())
                && edges().equals(other.edges()) && criticality.equals(other.criticality);
    }

    @Override
    public int hashCode() {
        return edges().hashCode();
    }

    @Override
    public String toString() {
        return "DependencyGraph" + edges();
    }

    /** Collects services and edges; merges every report of the same pair into one edge. */
    public static final class Builder {
        private final Set<String> services = new LinkedHashSet<>();
        private final Map<String, Criticality> criticality = new TreeMap<>();
        private final Map<List<String>, GraphEdge> edges = new TreeMap<>(
                Comparator.<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1)));

        private Builder() {
        }

        public Builder service(String name) {
            services.add(name);
            return this;
        }

        public Builder service(String name, Criticality level) {
            services.add(name);
            criticality.put(name, level);
            return this;
        }

        /** As {@link #edge(GraphEdge)} for an edge with one item of evidence. */
        public Builder edge(Dependency d) {
            return edge(new GraphEdge(d.from(), d.to(), d.weight(), List.of(d.evidence())));
        }

        /**
         * Adds an edge, or merges it into the edge already there: new evidence is appended and
         * the weight is the larger one, because 0 means "not measured" and a measured rate
         * should win over a manifest that only reveals the call.
         */
        public Builder edge(GraphEdge e) {
            GraphEdge old = edges.get(List.of(e.from(), e.to()));
            if (old == null) {
                put(e);
                return this;
            }
            List<String> evidence = new ArrayList<>(old.evidence());
            e.evidence().stream().filter(x -> !evidence.contains(x)).forEach(evidence::add);
            put(new GraphEdge(e.from(), e.to(), Math.max(old.weight(), e.weight()), evidence));
            return this;
        }

        /** Sets the edge's weight exactly, adding {@code mark} to its evidence; creates the edge when absent. */
        Builder setEdge(String from, String to, double weight, String mark) {
            GraphEdge old = edges.get(List.of(from, to));
            List<String> evidence = new ArrayList<>(old == null ? List.of() : old.evidence());
            if (!evidence.contains(mark)) {
                evidence.add(mark);
            }
            put(new GraphEdge(from, to, weight, evidence));
            return this;
        }

        Builder removeEdge(String from, String to) {
            edges.remove(List.of(from, to));
            return this;
        }

        boolean hasEdge(String from, String to) {
            return edges.containsKey(List.of(from, to));
        }

        boolean hasService(String name) {
            return services.contains(name);
        }

        private void put(GraphEdge e) {
            services.add(e.from());
            services.add(e.to());
            edges.put(List.of(e.from(), e.to()), e);
        }

        public DependencyGraph build() {
            SimpleDirectedWeightedGraph<String, GraphEdge> g = new SimpleDirectedWeightedGraph<>(GraphEdge.class);
            new TreeSet<>(services).forEach(g::addVertex);
            for (GraphEdge e : edges.values()) {
                g.addEdge(e.from(), e.to(), e);
                g.setEdgeWeight(e, e.weight());
            }
            return new DependencyGraph(g, criticality);
        }
    }
}
