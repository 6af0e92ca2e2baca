package dev.headroom.graph;

import dev.headroom.domain.Criticality;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Release;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.alg.scoring.BetweennessCentrality;
import org.jgrapht.graph.AsUnweightedGraph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.traverse.TopologicalOrderIterator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Questions asked of one {@link DependencyGraph}: who is impacted by a release, in which order to
 * update, how critical a service is through those that depend on it, and what breaks when a
 * service is taken out. An edge {@code a → b} means a calls b, so a is a dependant of b.
 */
public final class GraphAnalysis {
    /** Share of a dependant's criticality that a service it calls inherits, per hop. */
    public static final double DECAY = 0.9;

    private final DependencyGraph graph;

    public GraphAnalysis(DependencyGraph graph) {
        this.graph = graph;
    }

    /**
     * A service reached from the starting services through callers.
     *
     * @param depth 1 for a direct caller of a starting service, 2 for its callers, …
     * @param via   the service one step closer to the start that this one calls
     */
    public record Impacted(String service, int depth, String via) {
    }

    /**
     * One unit of the update order: a single service, or the services of a cycle, which cannot
     * be ordered among themselves by their dependencies and are updated as one unit.
     *
     * @param position 1 for the first unit to update
     * @param services the unit's services; in a cycle a breaking release comes first, then by name
     * @param cycle    e.g. {@code cycle: a → b → a}, following calls and requirements; empty for one service
     */
    public record Step(int position, List<String> services, Optional<String> cycle) {
        public Step {
            services = List.copyOf(services);
        }
    }

    /** The update order and what the operator should know about it (ignored requirements, cycles). */
    public record UpdateOrder(List<Step> steps, List<String> notes) {
        public UpdateOrder {
            steps = List.copyOf(steps);
            notes = List.copyOf(notes);
        }
    }

    /**
     * How critical a service is through those that depend on it.
     *
     * @param own          its own criticality, when known
     * @param propagated   max(own score, max over its dependants of their propagated score × {@link #DECAY}); 0–1
     * @param origin       the service whose own criticality sets {@code propagated} (itself when its own does)
     * @param fanIn        direct dependants
     * @param dependants   transitive dependants
     * @param betweenness  normalised betweenness centrality over unweighted calls: the share of
     *                     shortest call paths between other services that pass through it
     */
    public record CriticalityScore(String service, Optional<Criticality> own, double propagated, String origin,
                                   int fanIn, int dependants, double betweenness) {
    }

    /**
     * The services impacted by a release of {@code service}: its transitive dependants, nearest
     * first (then by name).
     *
     * @throws HeadroomException when the service is not in the graph
     */
    public List<Impacted> impact(String service) {
        return dependants(List.of(service));
    }

    /**
     * The services that lose a dependency, directly or through others, when {@code out} are taken
     * out: their transitive dependants outside {@code out}, nearest first.
     *
     * @throws HeadroomException when a service is not in the graph
     */
    public List<Impacted> blastRadius(Collection<String> out) {
        return dependants(out);
    }

    private List<Impacted> dependants(Collection<String> start) {
        Set<String> seen = new HashSet<>();
        Deque<Impacted> queue = new ArrayDeque<>();
        for (String s : new TreeSet<>(start)) {
            requireService(s);
            seen.add(s);
            queue.add(new Impacted(s, 0, ""));
        }
        List<Impacted> found = new ArrayList<>();
        while (!queue.isEmpty()) {
            Impacted at = queue.poll();
            for (String caller : graph.callers(at.service())) {
                if (seen.add(caller)) {
                    Impacted next = new Impacted(caller, at.depth() + 1, at.service());
                    found.add(next);
                    queue.add(next);
                }
            }
        }
        found.sort(Comparator.comparingInt(Impacted::depth).thenComparing(Impacted::service));
        return found;
    }

    /**
     * The order in which to update every service of the graph (and every service with a release).
     * The rules, in the words the operator sees:
     * <ol>
     *   <li>A service is updated after the services it calls (callees first), so that no caller
     *       runs a version newer than the services it was built against.</li>
     *   <li>A release that requires another service ({@code redis-cart>=7.2}, or just its name)
     *       is updated after that service, whether or not it calls it.</li>
     *   <li>A breaking release ({@code breaking=true}) goes before every service that depends on
     *       it: rule 1 already orders its dependants after it; in a cycle, where rule 1 cannot
     *       hold, the breaking service goes first in its unit.</li>
     *   <li>Services that depend on each other through calls or requirements (a strongly
     *       connected component) form one unit, reported with one of its cycles.</li>
     *   <li>Units that no rule orders go by name, so the order is the same on every run.</li>
     * </ol>
     * A requirement naming a service the graph does not know is reported in the notes and ignored.
     */
    public UpdateOrder updateOrder(List<Release> releases) {
        DefaultDirectedGraph<String, DefaultEdge> dependsOn = new DefaultDirectedGraph<>(DefaultEdge.class);
        graph.services().forEach(dependsOn::addVertex);
        releases.forEach(r -> dependsOn.addVertex(r.service()));
        for (GraphEdge e : graph.edges()) {
            dependsOn.addEdge(e.from(), e.to());
        }
        List<String> notes = new ArrayList<>();
        Set<String> breaking = new TreeSet<>();
        for (Release r : releases) {
            if (r.breaking()) {
                breaking.add(r.service());
            }
            for (String requirement : r.requires()) {
                String required = requiredService(requirement);
                if (required.equals(r.service())) {
                    continue;
                }
                if (!dependsOn.containsVertex(required)) {
                    notes.add("Release " + r.version() + " of " + r.service() + " requires " + requirement + ", but "
                            + required + " is not in the graph; the requirement does not change the order.");
                } else if (!dependsOn.containsEdge(r.service(), required)) {
                    dependsOn.addEdge(r.service(), required);
                }
            }
        }
        List<Set<String>> components = new KosarajuStrongConnectivityInspector<>(dependsOn).stronglyConnectedSets();
        Map<String, Integer> unitOf = new HashMap<>();
        List<List<String>> units = new ArrayList<>();
        for (Set<String> c : components) {
            List<String> members = new ArrayList<>(new TreeSet<>(c));
            members.sort(Comparator.comparing((String s) -> !breaking.contains(s)).thenComparing(s -> s));
            members.forEach(s -> unitOf.put(s, units.size()));
            units.add(members);
        }
        // an edge of the unit graph points from the unit to update first to the one that follows
        DefaultDirectedGraph<Integer, DefaultEdge> before = new DefaultDirectedGraph<>(DefaultEdge.class);
        for (int i = 0; i < units.size(); i++) {
            before.addVertex(i);
        }
        for (DefaultEdge e : dependsOn.edgeSet()) {
            int dependant = unitOf.get(dependsOn.getEdgeSource(e));
            int dependency = unitOf.get(dependsOn.getEdgeTarget(e));
            if (dependant != dependency && !before.containsEdge(dependency, dependant)) {
                before.addEdge(dependency, dependant);
            }
        }
        Comparator<Integer> byName = Comparator.comparing(i -> new TreeSet<>(units.get(i)).first());
        List<Step> steps = new ArrayList<>();
        new TopologicalOrderIterator<>(before, byName).forEachRemaining(i -> {
            List<String> members = units.get(i);
            Optional<String> cycle = members.size() > 1 ? Optional.of(cycle(dependsOn, members)) : Optional.empty();
            steps.add(new Step(steps.size() + 1, members, cycle));
        });
        for (Step s : steps) {
            s.cycle().ifPresent(c -> notes.add("Step " + s.position() + " is a " + c + "; its services are updated "
                    + "together as one unit."));
        }
        return new UpdateOrder(steps, notes);
    }

    /** The service a requirement names: the text before its version operator ({@code redis-cart>=7.2} → redis-cart). */
    static String requiredService(String requirement) {
        return requirement.split("[<>=!~^\\s]", 2)[0].strip();
    }

    /** A shortest cycle through the unit's first member, following dependsOn edges inside the unit. */
    private static String cycle(Graph<String, DefaultEdge> dependsOn, List<String> unit) {
        Set<String> inUnit = new HashSet<>(unit);
        String start = unit.get(0);
        Map<String, String> previous = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        String last = null;
        while (!queue.isEmpty() && last == null) {
            String at = queue.poll();
            for (String next : new TreeSet<>(successors(dependsOn, at))) {
                if (!inUnit.contains(next)) {
                    continue;
                }
                if (next.equals(start)) {
                    last = at;
                    break;
                }
                if (!previous.containsKey(next)) {
                    previous.put(next, at);
                    queue.add(next);
                }
            }
        }
        List<String> path = new ArrayList<>(List.of(start));
        for (String s = last; s != null && !s.equals(start); s = previous.get(s)) {
            path.add(1, s);
        }
        path.add(start);
        return "cycle: " + String.join(" → ", path);
    }

    private static List<String> successors(Graph<String, DefaultEdge> g, String v) {
        return g.outgoingEdgesOf(v).stream().map(g::getEdgeTarget).toList();
    }

    /**
     * Every service's own and propagated criticality, fan-in and centrality, most critical first.
     * Propagation runs to a fixed point, so it is defined on cycles too: the decay below 1 makes
     * a value only ever grow towards the largest criticality that reaches it.
     */
    public List<CriticalityScore> criticality() {
        Map<String, Double> score = new TreeMap<>();
        Map<String, String> origin = new TreeMap<>();
        propagate(score, origin);
        Map<String, Double> betweenness =
                new BetweennessCentrality<>(new AsUnweightedGraph<>(graph.graph()), true).getScores();
        List<CriticalityScore> out = new ArrayList<>();
        for (String s : graph.services()) {
            out.add(new CriticalityScore(s, graph.criticality(s), score.get(s), origin.get(s),
                    graph.callers(s).size(), impact(s).size(), betweenness.getOrDefault(s, 0.0)));
        }
        out.sort(Comparator.comparingDouble(CriticalityScore::propagated).reversed()
                .thenComparing(CriticalityScore::service));
        return out;
    }

    /**
     * Every service's propagated criticality, 0–1, by name: the {@code propagated} value of
     * {@link #criticality()} without the centrality measures, which cost more on a large graph.
     */
    public Map<String, Double> propagatedCriticality() {
        Map<String, Double> score = new TreeMap<>();
        propagate(score, new TreeMap<>());
        return Collections.unmodifiableMap(score);
    }

    /** Fills {@code score} with each service's propagated criticality and {@code origin} with where it comes from. */
    private void propagate(Map<String, Double> score, Map<String, String> origin) {
        for (String s : graph.services()) {
            score.put(s, graph.criticality(s).map(Criticality::score).orElse(0.0));
            origin.put(s, s);
        }
        boolean changed = true;
        for (int round = 0; changed && round <= score.size(); round++) {
            changed = false;
            for (GraphEdge e : graph.edges()) {
                double inherited = score.get(e.from()) * DECAY;
                if (inherited > score.get(e.to()) + 1e-12) {
                    score.put(e.to(), inherited);
                    origin.put(e.to(), origin.get(e.from()));
                    changed = true;
                }
            }
        }
    }

    private void requireService(String service) {
        if (!graph.contains(service)) {
            throw new HeadroomException("Service \"" + service + "\" is not in the dependency graph. "
                    + "List its services with: headroom graph export");
        }
    }
}
