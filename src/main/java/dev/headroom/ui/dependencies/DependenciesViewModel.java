package dev.headroom.ui.dependencies;

import dev.headroom.domain.Criticality;
import dev.headroom.graph.DependencyGraph;
import dev.headroom.graph.GraphService;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.BackgroundRunner;
import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.Problems;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * State of the Dependencies page: the graph of the Fleet page's account and its layered layout,
 * the selected service with what it depends on and what depends on it, the selected service's
 * edges with their evidence, and the edits (add or remove an edge, set a criticality), each
 * stored through {@link GraphService} in the background and followed by a reload.
 */
public final class DependenciesViewModel {
    private final GraphService graphs;
    private final BackgroundRunner runner;
    private final Problems problems;
    private final Activity activity;

    private final StringProperty account = new SimpleStringProperty(this, "account");
    private final ReadOnlyObjectWrapper<DependencyGraph> graph = new ReadOnlyObjectWrapper<>(this, "graph");
    private final ReadOnlyObjectWrapper<GraphLayout> layout = new ReadOnlyObjectWrapper<>(this, "layout");
    private final ObservableList<String> services = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");

    private final ObjectProperty<String> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<Set<String>> callees = new ReadOnlyObjectWrapper<>(this, "callees", Set.of());
    private final ReadOnlyObjectWrapper<Set<String>> callers = new ReadOnlyObjectWrapper<>(this, "callers", Set.of());
    private final ReadOnlyStringWrapper selectedDetails = new ReadOnlyStringWrapper(this, "selectedDetails", "");
    private final ObservableList<EdgeRow> selectedEdges = FXCollections.observableArrayList();
    private final ObjectProperty<EdgeRow> selectedEdge = new SimpleObjectProperty<>(this, "selectedEdge");
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ReadOnlyStringWrapper searchMessage = new ReadOnlyStringWrapper(this, "searchMessage", "");

    private final ObjectProperty<String> addFrom = new SimpleObjectProperty<>(this, "addFrom");
    private final ObjectProperty<String> addTo = new SimpleObjectProperty<>(this, "addTo");
    private final StringProperty addWeight = new SimpleStringProperty(this, "addWeight", "1");
    /** The weight typed for the selected edge; follows the selection. */
    private final StringProperty edgeWeight = new SimpleStringProperty(this, "edgeWeight", "");
    private final ReadOnlyStringWrapper addError = new ReadOnlyStringWrapper(this, "addError", "");
    private final ObjectProperty<Criticality> criticality = new SimpleObjectProperty<>(this, "criticality");

    /** Only the newest read may show: an older one, e.g. of another account, can finish after it. */
    private long loadRequest;

    public DependenciesViewModel(GraphService graphs, BackgroundRunner runner, Problems problems, Activity activity) {
        this.graphs = graphs;
        this.runner = runner;
        this.problems = problems;
        this.activity = activity;
        account.addListener((o, was, now) -> {
            selected.set(null);
            load();
        });
        selected.addListener((o, was, now) -> select(now));
        selectedEdge.addListener((o, was, now) -> edgeWeight.set(now == null ? "" : EdgeRow.weightText(now.weight())));
    }

    private record Loaded(DependencyGraph graph, GraphLayout layout) {
    }

    /** Reads the account's graph and lays it out in the background; keeps the selection when it is still there. */
    public void load() {
        String name = account.get();
        if (name == null || name.isBlank()) {
            return;
        }
        long request = ++loadRequest;
        busy.set(true);
        Runnable done = activity.begin("Reading the dependency graph of " + name + "…");
        runner.run(() -> {
            DependencyGraph g = graphs.graph(name);
            return new Loaded(g, GraphLayout.of(g.services(),
                    g.edges().stream().map(e -> new GraphLayout.Edge(e.from(), e.to())).toList()));
        }, result -> {
            done.run();
            if (request != loadRequest) {
                return;
            }
            busy.set(false);
            show(result);
        }, problem -> {
            done.run();
            if (request == loadRequest) {
                busy.set(false);
                problems.report(problem, this::load);
            }
        });
    }

    private void show(Loaded result) {
        DependencyGraph g = result.graph();
        String keep = selected.get();
        graph.set(g);
        layout.set(result.layout());
        services.setAll(g.services());
        summary.set(Formats.count(g.services().size(), "service", "services") + " · "
                + Formats.count(g.edgeCount(), "edge", "edges"));
        loaded.set(true);
        if (keep != null && g.contains(keep)) {
            select(keep); // the same name, new edges and criticality
        } else {
            selected.set(null);
        }
    }

    private void select(String service) {
        DependencyGraph g = graph.get();
        EdgeRow keepEdge = selectedEdge.get();
        if (service == null || g == null || !g.contains(service)) {
            callees.set(Set.of());
            callers.set(Set.of());
            selectedEdges.clear();
            selectedEdge.set(null);
            selectedDetails.set("");
            criticality.set(null);
            return;
        }
        callees.set(reach(service, g::callees));
        callers.set(reach(service, g::callers));
        selectedEdges.setAll(g.edges().stream().filter(e -> e.from().equals(service) || e.to().equals(service))
                .map(EdgeRow::of).toList());
        selectedEdge.set(keepEdge == null ? null : selectedEdges.stream()
                .filter(e -> e.from().equals(keepEdge.from()) && e.to().equals(keepEdge.to())).findFirst().orElse(null));
        Optional<Criticality> level = g.criticality(service);
        criticality.set(level.orElse(null));
        selectedDetails.set("Criticality: " + level.map(Criticality::label).orElse("not set") + "\n"
                + "Calls: " + list(g.callees(service)) + "\n"
                + "Called by: " + list(g.callers(service)) + "\n"
                + "Depends on " + Formats.count(callees.get().size(), "service", "services")
                + " in all; " + Formats.count(callers.get().size(), "service depends", "services depend") + " on it");
        if (addFrom.get() == null) {
            addFrom.set(service);
        }
    }

    private static String list(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** Every service reached from {@code start} by following {@code next}, without {@code start} itself. */
    private static Set<String> reach(String start, Function<String, List<String>> next) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(next.apply(start));
        while (!todo.isEmpty()) {
            String s = todo.pop();
            if (!s.equals(start) && seen.add(s)) {
                todo.addAll(next.apply(s));
            }
        }
        return Set.copyOf(seen);
    }

    /** Whether a service is drawn normally: nothing is selected, or it is selected or connected to the selection. */
    public boolean isHighlighted(String service) {
        String s = selected.get();
        return s == null || s.equals(service) || callees.get().contains(service) || callers.get().contains(service);
    }

    /** Whether an edge lies on a path from the selection down to what it depends on, or up to what depends on it. */
    public boolean isHighlighted(String from, String to) {
        String s = selected.get();
        if (s == null) {
            return true;
        }
        boolean down = (from.equals(s) || callees.get().contains(from)) && callees.get().contains(to);
        boolean up = (to.equals(s) || callers.get().contains(to)) && callers.get().contains(from);
        return down || up || from.equals(s) || to.equals(s);
    }

    /**
     * Selects the service that best matches {@code search}: the same name, else the first name
     * that starts with it, else the first that contains it (ignoring case).
     *
     * @return the service selected; empty when nothing matches (the selection stays)
     */
    public Optional<String> find() {
        String text = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
        if (text.isEmpty()) {
            searchMessage.set("");
            return Optional.empty();
        }
        Optional<String> match = services.stream().filter(s -> s.toLowerCase(Locale.ROOT).equals(text)).findFirst()
                .or(() -> services.stream().filter(s -> s.toLowerCase(Locale.ROOT).startsWith(text)).findFirst())
                .or(() -> services.stream().filter(s -> s.toLowerCase(Locale.ROOT).contains(text)).findFirst());
        match.ifPresentOrElse(selected::set, () -> searchMessage.set("No service matches \"" + search.get().strip() + "\""));
        match.ifPresent(m -> searchMessage.set(""));
        return match;
    }

    /** Adds the edge of the form (from calls to, with the typed weight) and reloads. */
    public void addEdge() {
        String from = addFrom.get();
        String to = addTo.get();
        double weight = parseWeight(addWeight.get());
        if (from == null || to == null) {
            addError.set("Choose the calling service and the service it calls.");
        } else if (from.equals(to)) {
            addError.set("A service cannot depend on itself.");
        } else if (!(weight >= 0) || Double.isInfinite(weight)) {
            addError.set("Type the weight as calls per second, 0 or more (e.g. 25).");
        } else {
            addError.set("");
            double w = weight;
            change("Adding " + from + " → " + to + "…", name -> graphs.addEdge(name, from, to, w),
                    "Edge " + from + " → " + to + " added");
        }
    }

    /** Sets the selected edge's weight (calls per second) to the typed one and reloads. */
    public void reweightSelectedEdge() {
        EdgeRow edge = selectedEdge.get();
        if (edge == null) {
            return;
        }
        double weight = parseWeight(edgeWeight.get());
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            addError.set("Type the weight as calls per second, 0 or more (e.g. 25).");
            return;
        }
        addError.set("");
        change("Setting the weight of " + edge.from() + " → " + edge.to() + "…",
                name -> graphs.reweight(name, edge.from(), edge.to(), weight),
                "Weight of " + edge.from() + " → " + edge.to() + " set to " + edgeWeight.get().strip());
    }

    private static double parseWeight(String text) {
        try {
            return Double.parseDouble(text == null ? "" : text.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    public StringProperty edgeWeightProperty() {
        return edgeWeight;
    }

    /** Removes the selected edge and reloads. */
    public void removeSelectedEdge() {
        EdgeRow edge = selectedEdge.get();
        if (edge == null) {
            return;
        }
        change("Removing " + edge.from() + " → " + edge.to() + "…",
                name -> graphs.removeEdge(name, edge.from(), edge.to()),
                "Edge " + edge.from() + " → " + edge.to() + " removed");
    }

    /** Sets the selected service's criticality to the chosen level and reloads. */
    public void applyCriticality() {
        String service = selected.get();
        Criticality level = criticality.get();
        if (service == null || level == null) {
            return;
        }
        change("Setting the criticality of " + service + "…", name -> graphs.setCriticality(name, service, level),
                "Criticality of " + service + " set to " + level.label());
    }

    private void change(String what, Function<String, Object> edit, String outcome) {
        String name = account.get();
        if (name == null) {
            return;
        }
        busy.set(true);
        Runnable done = activity.begin(what);
        runner.run(() -> edit.apply(name), ignored -> {
            busy.set(false);
            activity.tell(outcome);
            load();
            done.run();
        }, problem -> {
            busy.set(false);
            done.run();
            problems.report(problem, null);
        });
    }

    public StringProperty accountProperty() {
        return account;
    }

    public ReadOnlyObjectProperty<DependencyGraph> graphProperty() {
        return graph.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<GraphLayout> layoutProperty() {
        return layout.getReadOnlyProperty();
    }

    /** The graph's services, sorted, for the form's choices. */
    public ObservableList<String> services() {
        return FXCollections.unmodifiableObservableList(services);
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ObjectProperty<String> selectedProperty() {
        return selected;
    }

    /** What the selected service depends on, directly or through others. */
    public ReadOnlyObjectProperty<Set<String>> calleesProperty() {
        return callees.getReadOnlyProperty();
    }

    /** What depends on the selected service, directly or through others. */
    public ReadOnlyObjectProperty<Set<String>> callersProperty() {
        return callers.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty selectedDetailsProperty() {
        return selectedDetails.getReadOnlyProperty();
    }

    /** The selected service's edges, in and out, with their evidence. */
    public ObservableList<EdgeRow> selectedEdges() {
        return FXCollections.unmodifiableObservableList(selectedEdges);
    }

    public ObjectProperty<EdgeRow> selectedEdgeProperty() {
        return selectedEdge;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ReadOnlyStringProperty searchMessageProperty() {
        return searchMessage.getReadOnlyProperty();
    }

    public ObjectProperty<String> addFromProperty() {
        return addFrom;
    }

    public ObjectProperty<String> addToProperty() {
        return addTo;
    }

    public StringProperty addWeightProperty() {
        return addWeight;
    }

    public ReadOnlyStringProperty addErrorProperty() {
        return addError.getReadOnlyProperty();
    }

    /** The criticality the form sets on the selected service; follows the selection. */
    public ObjectProperty<Criticality> criticalityProperty() {
        return criticality;
    }
}
