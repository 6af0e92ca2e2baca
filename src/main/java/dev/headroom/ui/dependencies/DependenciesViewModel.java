package dev.headroom.ui.dependencies;

import dev.headroom.domain.Criticality;
import dev.headroom.engine.ScoreService.ServiceLoads;
import dev.headroom.forecast.LoadScores.ServiceLoad;
import dev.headroom.graph.DependencyGraph;
import dev.headroom.graph.GraphAnalysis;
import dev.headroom.graph.GraphService;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.BackgroundRunner;
import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.common.Styles;
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
import javafx.geometry.Dimension2D;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * State of the Dependencies page: the graph of the Fleet page's account and its layered layout,
 * the selected service with what it depends on and what depends on it, the selected service's
 * edges with their evidence, and the edits (add or remove an edge, set a criticality), each
 * stored through {@link GraphService} in the background and followed by a reload. Services are
 * coloured by criticality or by predicted load; the loads are read in the background the first
 * time they are asked for, and the boxes keep their criticality colours until they arrive.
 */
public final class DependenciesViewModel {
    /** One entry of the legend: the style class of its swatch and what it means. */
    public record LegendEntry(String styleClass, String label) {
    }

    private static final List<LegendEntry> CRITICALITY_LEGEND = criticalityLegend();
    private static final List<LegendEntry> LOAD_LEGEND = loadLegend();

    private final GraphService graphs;
    private final LoadQueries loads;
    private final BackgroundRunner runner;
    private final Problems problems;
    private final Activity activity;

    private final StringProperty account = new SimpleStringProperty(this, "account");
    private final ReadOnlyObjectWrapper<DependencyGraph> graph = new ReadOnlyObjectWrapper<>(this, "graph");
    private final ReadOnlyObjectWrapper<GraphLayout> layout = new ReadOnlyObjectWrapper<>(this, "layout");
    /** The area the drawing is shown in, in drawing pixels at 100 %: the view sets it; {@code null} until known. */
    private final ObjectProperty<Dimension2D> viewSize = new SimpleObjectProperty<>(this, "viewSize");
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

    private final ObjectProperty<Colouring> colouring = new SimpleObjectProperty<>(this, "colouring", Colouring.CRITICALITY);
    private final ReadOnlyObjectWrapper<ServiceLoads> serviceLoads = new ReadOnlyObjectWrapper<>(this, "serviceLoads");
    private final ReadOnlyBooleanWrapper loadsBusy = new ReadOnlyBooleanWrapper(this, "loadsBusy");
    private final ReadOnlyObjectWrapper<Colouring> shownColouring =
            new ReadOnlyObjectWrapper<>(this, "shownColouring", Colouring.CRITICALITY);
    private final ReadOnlyObjectWrapper<List<LegendEntry>> legend =
            new ReadOnlyObjectWrapper<>(this, "legend", CRITICALITY_LEGEND);
    private final ReadOnlyStringWrapper legendText = new ReadOnlyStringWrapper(this, "legendText", "");

    /** Each service's criticality through its dependants, as load scores count it; 0–1. */
    private Map<String, Double> propagated = Map.of();
    /** Only the newest read may show: an older one, e.g. of another account, can finish after it. */
    private long loadRequest;
    private long loadsRequest;

    public DependenciesViewModel(GraphService graphs, LoadQueries loads, BackgroundRunner runner, Problems problems,
                                 Activity activity) {
        this.graphs = graphs;
        this.loads = loads;
        this.runner = runner;
        this.problems = problems;
        this.activity = activity;
        account.addListener((o, was, now) -> {
            selected.set(null);
            loadsRequest++; // a read of the old account's loads must not show
            loadsBusy.set(false);
            serviceLoads.set(null);
            updateColouring();
            load();
            if (colouring.get() == Colouring.LOAD) {
                readLoads();
            }
        });
        colouring.addListener((o, was, now) -> {
            if (now == Colouring.LOAD && serviceLoads.get() == null && !loadsBusy.get()) {
                readLoads();
            }
            updateColouring();
        });
        viewSize.addListener((o, was, now) -> relayout());
        selected.addListener((o, was, now) -> select(now));
        selectedEdge.addListener((o, was, now) -> edgeWeight.set(now == null ? "" : EdgeRow.weightText(now.weight())));
        updateColouring();
    }

    /** @param propagated each service's criticality through its dependants, 0–1 (see {@link GraphAnalysis}) */
    private record Loaded(DependencyGraph graph, GraphLayout layout, Map<String, Double> propagated) {
    }

    /** Reads the account's graph and lays it out in the background; keeps the selection when it is still there. */
    public void load() {
        String name = account.get();
        if (name == null || name.isBlank()) {
            return;
        }
        long request = ++loadRequest;
        busy.set(true);
        Dimension2D area = viewSize.get();
        Runnable done = activity.begin("Reading the dependency graph of " + name + "…");
        runner.run(() -> {
            DependencyGraph g = graphs.graph(name);
            return new Loaded(g, layOut(g, area), new GraphAnalysis(g).propagatedCriticality());
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

    /** Reads the graph again and, when services are coloured by load, their loads (from the newest forecast). */
    public void reload() {
        load();
        if (colouring.get() == Colouring.LOAD) {
            readLoads();
        }
    }

    /** Reads the services' predicted loads in the background; the boxes keep their criticality colours meanwhile. */
    private void readLoads() {
        String name = account.get();
        if (name == null || name.isBlank()) {
            return;
        }
        long request = ++loadsRequest;
        loadsBusy.set(true);
        updateColouring();
        Runnable done = activity.begin("Reading the predicted load of the services of " + name + "…");
        runner.run(progress -> loads.serviceLoads(name, progress), activity::progress, result -> {
            done.run();
            if (request != loadsRequest) {
                return;
            }
            loadsBusy.set(false);
            serviceLoads.set(result);
            updateColouring();
        }, problem -> {
            done.run();
            if (request != loadsRequest) {
                return;
            }
            loadsBusy.set(false);
            updateColouring();
            problems.report(problem, this::readLoads);
        });
    }

    /** Sets the colouring shown, its legend and the legend's text from the chosen colouring and the loads read. */
    private void updateColouring() {
        ServiceLoads l = serviceLoads.get();
        boolean byLoad = colouring.get() == Colouring.LOAD && l != null;
        if (colouring.get() != Colouring.LOAD) {
            legendText.set("");
        } else if (l == null) {
            legendText.set(loadsBusy.get()
                    ? "Forecasting the load of the services… coloured by criticality until it is done."
                    : "No forecast yet: coloured by criticality. Press Reload to forecast.");
        } else {
            legendText.set(String.format(Locale.ROOT, "Peak cpu load of each service's hosts, %s – %s, at the %s quantile"
                            + " of the forecast from %s%s", Formats.clock(l.window().start()),
                    Formats.clock(l.window().end()), quantileText(l.quantile()), Formats.clock(l.forecastAt()),
                    l.anyKnown() ? "." : ". The forecast does not reach the window: choose a window within two days."));
        }
        legend.set(byLoad ? LOAD_LEGEND : CRITICALITY_LEGEND);
        shownColouring.set(byLoad ? Colouring.LOAD : Colouring.CRITICALITY);
    }

    private static String quantileText(double q) {
        return String.format(Locale.ROOT, "%.3f", q).replaceAll("0+$", "");
    }

    private static List<LegendEntry> criticalityLegend() {
        List<LegendEntry> out = new ArrayList<>();
        for (int i = Criticality.values().length - 1; i >= 0; i--) {
            Criticality c = Criticality.values()[i];
            out.add(new LegendEntry(criticalityClass(Optional.of(c)), c.label()));
        }
        out.add(new LegendEntry(criticalityClass(Optional.empty()), "not set"));
        return List.copyOf(out);
    }

    private static List<LegendEntry> loadLegend() {
        List<LegendEntry> out = new ArrayList<>();
        for (LoadBand b : LoadBand.values()) {
            if (b != LoadBand.UNKNOWN) {
                out.add(new LegendEntry(b.styleClass(), b.label()));
            }
        }
        out.add(new LegendEntry(LoadBand.UNKNOWN.styleClass(), LoadBand.UNKNOWN.label()));
        return List.copyOf(out);
    }

    static String criticalityClass(Optional<Criticality> level) {
        return level.map(c -> Styles.DEP_NODE + "-" + c.label()).orElse(Styles.DEP_NODE + "-unknown");
    }

    /** The service's predicted peak load in percent of its hosts' cores; {@code NaN} when not known (yet). */
    public double loadPercent(String service) {
        ServiceLoads l = serviceLoads.get();
        ServiceLoad load = l == null ? null : l.byService().get(service);
        return load == null ? Double.NaN : 100 * load.peakUtilisation();
    }

    /** The service's load band; {@link LoadBand#UNKNOWN} until the loads are read or when it has no forecast. */
    public LoadBand loadBand(String service) {
        return LoadBand.of(loadPercent(service));
    }

    /**
     * The style class that colours the service's box in the colouring shown: {@code dep-node-<criticality>}
     * or {@code dep-load-<band>}.
     */
    public String fillClass(String service) {
        if (shownColouring.get() == Colouring.LOAD) {
            return loadBand(service).styleClass();
        }
        DependencyGraph g = graph.get();
        return criticalityClass(g == null ? Optional.empty() : g.criticality(service));
    }

    /** The tooltip of a service's box: its criticality and, once read, its predicted peak load. */
    public String nodeTooltip(String service) {
        DependencyGraph g = graph.get();
        String text = service + " · criticality "
                + (g == null ? Optional.<Criticality>empty() : g.criticality(service)).map(Criticality::label).orElse("not set");
        ServiceLoads l = serviceLoads.get();
        if (l == null) {
            return text;
        }
        ServiceLoad load = l.byService().get(service);
        if (load == null || Double.isNaN(load.peakUtilisation())) {
            return text + " · no load forecast for the window";
        }
        return text + String.format(Locale.ROOT, " · peak cpu %.0f %% of %s cores at %s", 100 * load.peakUtilisation(),
                Formats.amount(load.capacityCores()), Formats.clock(load.peakAt()))
                + (load.hostsWithoutForecast() > 0
                ? " (" + Formats.count(load.hostsWithoutForecast(), "host", "hosts") + " without forecast)" : "");
    }

    /** The layout that can be shown largest in {@code area}; the default wrapping while the area is not known. */
    private static GraphLayout layOut(DependencyGraph g, Dimension2D area) {
        List<GraphLayout.Edge> edges = g.edges().stream().map(e -> new GraphLayout.Edge(e.from(), e.to())).toList();
        return area == null ? GraphLayout.of(g.services(), edges)
                : GraphLayout.fitting(g.services(), edges, area.getWidth(), area.getHeight());
    }

    /** Lays the shown graph out again for a new area; quick enough for the UI thread (milliseconds for hundreds of services). */
    private void relayout() {
        DependencyGraph g = graph.get();
        if (g != null) {
            layout.set(layOut(g, viewSize.get()));
        }
    }

    private void show(Loaded result) {
        DependencyGraph g = result.graph();
        String keep = selected.get();
        graph.set(g);
        propagated = result.propagated();
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
        double through = propagated.getOrDefault(service, 0.0);
        selectedDetails.set("Criticality: " + level.map(Criticality::label).orElse("not set")
                + (through > level.map(Criticality::score).orElse(0.0) + 1e-9
                ? String.format(Locale.ROOT, ", scored %.0f of 100 through what depends on it", 100 * through) : "")
                + "\n"
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

    /** What the operator chose to colour the boxes by. */
    public ObjectProperty<Colouring> colouringProperty() {
        return colouring;
    }

    /** What the boxes are coloured by now: criticality until the loads have been read. */
    public ReadOnlyObjectProperty<Colouring> shownColouringProperty() {
        return shownColouring.getReadOnlyProperty();
    }

    /** The services' predicted loads; {@code null} until read for the shown account. */
    public ReadOnlyObjectProperty<ServiceLoads> serviceLoadsProperty() {
        return serviceLoads.getReadOnlyProperty();
    }

    /** Whether the loads are being read. */
    public ReadOnlyBooleanProperty loadsBusyProperty() {
        return loadsBusy.getReadOnlyProperty();
    }

    /** The swatches of the legend for the colouring shown. */
    public ReadOnlyObjectProperty<List<LegendEntry>> legendProperty() {
        return legend.getReadOnlyProperty();
    }

    /** What the colours show: the window, quantile and forecast of the loads, or why they are not shown yet. */
    public ReadOnlyStringProperty legendTextProperty() {
        return legendText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<DependencyGraph> graphProperty() {
        return graph.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<GraphLayout> layoutProperty() {
        return layout.getReadOnlyProperty();
    }

    /**
     * The area the drawing is shown in, in drawing pixels at 100 % ({@code null} at first); the
     * graph is laid out to be shown as large as possible in it, and laid out again when it changes.
     */
    public ObjectProperty<Dimension2D> viewSizeProperty() {
        return viewSize;
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
