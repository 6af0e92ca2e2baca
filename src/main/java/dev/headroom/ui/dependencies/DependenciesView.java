package dev.headroom.ui.dependencies;

import dev.headroom.domain.Criticality;
import dev.headroom.graph.DependencyGraph;
import dev.headroom.graph.GraphEdge;
import dev.headroom.ui.common.Styles;
import dev.headroom.ui.shell.Section;
import dev.headroom.ui.shell.SectionPage;
import dev.headroom.ui.shell.SectionView;
import javafx.beans.binding.Bindings;
import javafx.geometry.Bounds;
import javafx.geometry.Dimension2D;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.Polygon;
import javafx.util.StringConverter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Dependencies section: the account's service graph drawn in layers (callers above the
 * services they call), with zoom, pan and search; on the right the selected service, its edges
 * with their evidence, and the edit form. Binds controls to {@link DependenciesViewModel}.
 */
public final class DependenciesView implements SectionView {
    static final double MIN_ZOOM = 0.2;
    static final double MAX_ZOOM = 3;
    private static final double ZOOM_STEP = 1.2;
    /** The smallest zoom a new graph is fitted at; smaller, service names are hard to read. */
    static final double READABLE_ZOOM = GraphLayout.READABLE_ZOOM;
    /** The share of the visible area a fitted graph takes, so that its edge is not on the frame. */
    private static final double FIT_SHARE = 0.98;
    /** A change of the visible area's width or height smaller than this (in pixels) keeps the layout. */
    private static final double RELAYOUT_STEP = 48;
    /** From this many edges on, edges are drawn fainter so that the boxes and their names stand out. */
    static final int DENSE_EDGES = 60;
    private static final double ARROW_LENGTH = 9;

    private final DependenciesViewModel viewModel;
    private final Pane canvas = new Pane();
    private final Group zoomGroup = new Group(canvas);
    private final ScrollPane scroll = new ScrollPane(zoomGroup);
    private final TextField search = new TextField();
    private final Map<String, Label> nodes = new HashMap<>();
    private final List<EdgeShape> edges = new ArrayList<>();
    private final VBox root;
    private double zoom = 1;
    /** Set when a graph of other services arrives: it is fitted once the viewport has a size. */
    private boolean fitPending;

    private record EdgeShape(GraphEdge edge, CubicCurve curve, Polygon arrow) {
    }

    public DependenciesView(DependenciesViewModel viewModel) {
        this.viewModel = viewModel;
        canvas.setId(Styles.ID_DEPENDENCY_GRAPH);
        canvas.getStyleClass().add(Styles.DEP_CANVAS);
        scroll.setPannable(true);
        scroll.getStyleClass().addAll(Styles.CHART_FRAME, Styles.DEP_SCROLL);
        scroll.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.isControlDown() && e.getDeltaY() != 0) {
                zoomTo(zoom * (e.getDeltaY() > 0 ? ZOOM_STEP : 1 / ZOOM_STEP));
                e.consume();
            }
        });
        canvas.setOnMouseClicked(e -> {
            if (e.getTarget() == canvas && e.isStillSincePress()) {
                viewModel.selectedProperty().set(null);
            }
        });
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox graphArea = new VBox(6, scroll, legend());
        graphArea.setPrefWidth(0); // takes what the side panel leaves, whatever the drawing's size
        HBox.setHgrow(graphArea, Priority.ALWAYS);
        VBox side = sidePanel();
        HBox body = new HBox(12, graphArea, side);
        VBox.setVgrow(body, Priority.ALWAYS);
        this.root = SectionPage.of(Section.DEPENDENCIES, toolbar(), body);

        viewModel.layoutProperty().addListener((o, was, now) -> {
            fitPending |= was == null || now == null || !was.nodes().keySet().equals(now.nodes().keySet());
            draw();
            fitWhenSized();
        });
        scroll.viewportBoundsProperty().addListener((o, was, now) -> {
            adaptLayout(now);
            fitWhenSized();
        });
        viewModel.selectedProperty().addListener((o, was, now) -> highlight());
        viewModel.calleesProperty().addListener((o, was, now) -> highlight());
        viewModel.callersProperty().addListener((o, was, now) -> highlight());
        viewModel.shownColouringProperty().addListener((o, was, now) -> recolour());
        viewModel.serviceLoadsProperty().addListener((o, was, now) -> recolour());
        draw();
    }

    /** Criticality | Load: what the boxes are coloured by. */
    private HBox colouringChoice() {
        ToggleGroup group = new ToggleGroup();
        HBox buttons = new HBox();
        buttons.setId(Styles.ID_DEPENDENCY_COLOURING);
        buttons.getStyleClass().add(Styles.SUBJECT_KINDS);
        for (Colouring c : Colouring.values()) {
            ToggleButton button = new ToggleButton(c.title());
            button.setUserData(c);
            button.setToggleGroup(group);
            button.setTooltip(new Tooltip(c.description()));
            buttons.getChildren().add(button);
        }
        selectToggle(group, viewModel.colouringProperty().get());
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                group.selectToggle(was); // one colouring is always chosen
            } else {
                viewModel.colouringProperty().set((Colouring) now.getUserData());
            }
        });
        viewModel.colouringProperty().addListener((o, was, now) -> selectToggle(group, now));
        Label title = new Label("Colour");
        title.setLabelFor(buttons);
        ProgressIndicator reading = new ProgressIndicator();
        reading.setPrefSize(16, 16);
        reading.setMaxSize(16, 16);
        reading.visibleProperty().bind(viewModel.loadsBusyProperty());
        reading.managedProperty().bind(viewModel.loadsBusyProperty());
        HBox box = new HBox(6, title, buttons, reading);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static void selectToggle(ToggleGroup group, Colouring colouring) {
        group.getToggles().stream().filter(t -> t.getUserData() == colouring).findFirst().ifPresent(group::selectToggle);
    }

    /** Swatches for the colours shown and, under them, what they were computed from. */
    private VBox legend() {
        HBox swatches = new HBox(12);
        swatches.setAlignment(Pos.CENTER_LEFT);
        Runnable fill = () -> swatches.getChildren().setAll(viewModel.legendProperty().get().stream().map(entry -> {
            Region swatch = new Region();
            swatch.getStyleClass().addAll(Styles.DEP_SWATCH, entry.styleClass());
            Label label = new Label(entry.label(), swatch);
            label.setGraphicTextGap(5);
            return label;
        }).toList());
        fill.run();
        viewModel.legendProperty().addListener((o, was, now) -> fill.run());
        Label text = new Label();
        text.getStyleClass().add(Styles.MUTED);
        text.setWrapText(true);
        text.textProperty().bind(viewModel.legendTextProperty());
        text.visibleProperty().bind(viewModel.legendTextProperty().isNotEmpty());
        text.managedProperty().bind(text.visibleProperty());
        VBox legend = new VBox(3, swatches, text);
        legend.setId(Styles.ID_DEPENDENCY_LEGEND);
        legend.getStyleClass().add(Styles.DEP_LEGEND);
        return legend;
    }

    private HBox toolbar() {
        search.setId(Styles.ID_DEPENDENCY_SEARCH);
        search.setPromptText("Find a service (Ctrl+F)");
        search.setPrefColumnCount(18);
        search.textProperty().bindBidirectional(viewModel.searchProperty());
        search.setOnAction(e -> viewModel.find().ifPresent(this::scrollTo));
        search.textProperty().addListener((o, was, now) -> viewModel.find().ifPresent(this::scrollTo));
        Label searchMessage = new Label();
        searchMessage.getStyleClass().add(Styles.FIELD_ERROR);
        searchMessage.textProperty().bind(viewModel.searchMessageProperty());
        Button zoomOut = new Button("−");
        zoomOut.setTooltip(new Tooltip("Zoom out (Ctrl+wheel)"));
        zoomOut.setOnAction(e -> zoomTo(zoom / ZOOM_STEP));
        Button zoomIn = new Button("+");
        zoomIn.setTooltip(new Tooltip("Zoom in (Ctrl+wheel)"));
        zoomIn.setOnAction(e -> zoomTo(zoom * ZOOM_STEP));
        Button fit = new Button("Fit");
        fit.setId(Styles.ID_DEPENDENCY_FIT);
        fit.setOnAction(e -> fit());
        Button reload = new Button("Reload");
        reload.setTooltip(new Tooltip("Read the graph again, and the loads from the newest forecast"));
        reload.setOnAction(e -> viewModel.reload());
        Label summary = new Label();
        summary.getStyleClass().add(Styles.MUTED);
        summary.textProperty().bind(viewModel.summaryProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, search, searchMessage, spacer, colouringChoice(), summary, zoomOut, zoomIn, fit, reload);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add(Styles.TOOLBAR);
        return bar;
    }

    private VBox sidePanel() {
        Label title = new Label();
        title.setId(Styles.ID_DEPENDENCY_SELECTED);
        title.getStyleClass().add(Styles.EVENT_FORM_TITLE);
        title.textProperty().bind(Bindings.createStringBinding(() -> viewModel.selectedProperty().get() == null
                ? "Click a service to see its dependencies" : viewModel.selectedProperty().get(),
                viewModel.selectedProperty()));
        title.setWrapText(true);
        Label details = new Label();
        details.setWrapText(true);
        details.textProperty().bind(viewModel.selectedDetailsProperty());

        ListView<EdgeRow> edgeList = new ListView<>(viewModel.selectedEdges());
        edgeList.setId(Styles.ID_DEPENDENCY_EDGES);
        edgeList.setPlaceholder(new Label("No edges"));
        edgeList.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(EdgeRow item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    return;
                }
                StringBuilder text = new StringBuilder(item.title());
                if (item.evidence().isEmpty()) {
                    text.append("\n   no evidence recorded");
                }
                item.evidence().forEach(ev -> text.append("\n   ").append(ev));
                setText(text.toString());
            }
        });
        edgeList.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                viewModel.selectedEdgeProperty().set(now);
            }
        });
        viewModel.selectedEdgeProperty().addListener((o, was, now) -> {
            if (now == null) {
                edgeList.getSelectionModel().clearSelection();
            } else if (edgeList.getSelectionModel().getSelectedItem() != now) {
                edgeList.getSelectionModel().select(now);
            }
        });
        VBox.setVgrow(edgeList, Priority.ALWAYS);
        Button remove = new Button("Remove edge");
        remove.setId(Styles.ID_DEPENDENCY_REMOVE);
        remove.disableProperty().bind(viewModel.selectedEdgeProperty().isNull().or(viewModel.busyProperty()));
        remove.setOnAction(e -> viewModel.removeSelectedEdge());

        ComboBox<Criticality> level = new ComboBox<>();
        level.getItems().setAll(Criticality.values());
        level.setConverter(new StringConverter<>() {
            @Override
            public String toString(Criticality c) {
                return c == null ? "" : c.label();
            }

            @Override
            public Criticality fromString(String s) {
                return Criticality.parse("criticality", s);
            }
        });
        level.valueProperty().bindBidirectional(viewModel.criticalityProperty());
        level.disableProperty().bind(viewModel.selectedProperty().isNull());
        Button setLevel = new Button("Set criticality");
        setLevel.disableProperty().bind(viewModel.selectedProperty().isNull().or(viewModel.busyProperty()));
        setLevel.setOnAction(e -> viewModel.applyCriticality());

        Label formTitle = new Label("Add an edge");
        formTitle.getStyleClass().add(Styles.EVENT_FORM_TITLE);
        ComboBox<String> from = new ComboBox<>(viewModel.services());
        from.setId(Styles.ID_DEPENDENCY_ADD_FROM);
        from.valueProperty().bindBidirectional(viewModel.addFromProperty());
        from.setMaxWidth(Double.MAX_VALUE);
        ComboBox<String> to = new ComboBox<>(viewModel.services());
        to.setId(Styles.ID_DEPENDENCY_ADD_TO);
        to.valueProperty().bindBidirectional(viewModel.addToProperty());
        to.setMaxWidth(Double.MAX_VALUE);
        TextField weight = new TextField();
        weight.setId(Styles.ID_DEPENDENCY_ADD_WEIGHT);
        weight.setPrefColumnCount(6);
        weight.textProperty().bindBidirectional(viewModel.addWeightProperty());
        Button add = new Button("Add edge");
        add.setId(Styles.ID_DEPENDENCY_ADD);
        add.disableProperty().bind(viewModel.busyProperty());
        add.setOnAction(e -> viewModel.addEdge());
        Label addError = new Label();
        addError.getStyleClass().add(Styles.FIELD_ERROR);
        addError.setWrapText(true);
        addError.textProperty().bind(viewModel.addErrorProperty());
        GridPane form = new GridPane();
        form.setHgap(6);
        form.setVgap(4);
        form.addRow(0, new Label("Caller"), from);
        form.addRow(1, new Label("Calls"), to);
        form.addRow(2, new Label("Calls/s"), weight, add);
        GridPane.setHgrow(from, Priority.ALWAYS);
        GridPane.setColumnSpan(from, 2);
        GridPane.setColumnSpan(to, 2);

        HBox levelRow = new HBox(6, new Label("Criticality"), level, setLevel);
        levelRow.setAlignment(Pos.CENTER_LEFT);
        TextField edgeWeight = new TextField();
        edgeWeight.setId(Styles.ID_DEPENDENCY_EDGE_WEIGHT);
        edgeWeight.setPrefColumnCount(6);
        edgeWeight.setAccessibleText("Calls per second of the selected edge");
        edgeWeight.textProperty().bindBidirectional(viewModel.edgeWeightProperty());
        edgeWeight.disableProperty().bind(viewModel.selectedEdgeProperty().isNull());
        Button reweight = new Button("Set weight");
        reweight.disableProperty().bind(viewModel.selectedEdgeProperty().isNull().or(viewModel.busyProperty()));
        reweight.setOnAction(e -> viewModel.reweightSelectedEdge());
        HBox edgeRow = new HBox(6, remove, edgeWeight, reweight);
        edgeRow.setAlignment(Pos.CENTER_LEFT);
        VBox editForm = new VBox(6, levelRow, edgeRow, formTitle, form, addError);
        editForm.getStyleClass().add(Styles.EVENT_FORM);
        VBox side = new VBox(8, title, details, new Label("Edges and their evidence"), edgeList, editForm);
        side.setPrefWidth(340);
        side.setMinWidth(300);
        side.setMaxWidth(380);
        return side;
    }

    /** Rebuilds the drawing from the view model's layout. */
    private void draw() {
        canvas.getChildren().clear();
        nodes.clear();
        edges.clear();
        GraphLayout layout = viewModel.layoutProperty().get();
        DependencyGraph graph = viewModel.graphProperty().get();
        if (layout == null || graph == null) {
            return;
        }
        setClass(canvas, Styles.DEP_DENSE, graph.edgeCount() >= DENSE_EDGES);
        canvas.setPrefSize(layout.width(), layout.height());
        canvas.setMinSize(layout.width(), layout.height());
        Map<String, Double> startX = new HashMap<>();
        Map<String, Double> endX = new HashMap<>();
        ports(graph, layout, startX, endX);
        for (GraphEdge e : graph.edges()) {
            GraphLayout.Box a = layout.nodes().get(e.from());
            GraphLayout.Box b = layout.nodes().get(e.to());
            if (a != null && b != null) {
                EdgeShape shape = edgeShape(e, a, b, startX.get(key(e)), endX.get(key(e)));
                edges.add(shape);
                canvas.getChildren().addAll(shape.curve(), shape.arrow());
            }
        }
        for (GraphLayout.Box box : layout.nodes().values()) {
            Label node = new Label(box.name());
            node.getStyleClass().addAll(Styles.DEP_NODE, viewModel.fillClass(box.name()));
            node.setAlignment(Pos.CENTER);
            node.setMinSize(box.width(), box.height());
            node.setPrefSize(box.width(), box.height());
            node.setMaxSize(box.width(), box.height());
            node.relocate(box.x(), box.y());
            node.setTooltip(new Tooltip(viewModel.nodeTooltip(box.name())));
            node.setOnMouseClicked(e -> {
                if (e.isStillSincePress()) {
                    viewModel.selectedProperty().set(box.name());
                    e.consume();
                }
            });
            nodes.put(box.name(), node);
            canvas.getChildren().add(node);
        }
        highlight();
    }

    private static String key(GraphEdge e) {
        return e.from() + "\u0000" + e.to();
    }

    /**
     * Spreads the ends of a node's edges along its side, ordered by where the other end is, so
     * that arrows into one service do not pile up on one point and fewer lines cross at the box.
     */
    private static void ports(DependencyGraph graph, GraphLayout layout, Map<String, Double> startX,
                              Map<String, Double> endX) {
        Map<String, List<GraphEdge>> out = new HashMap<>();
        Map<String, List<GraphEdge>> in = new HashMap<>();
        for (GraphEdge e : graph.edges()) {
            if (layout.nodes().containsKey(e.from()) && layout.nodes().containsKey(e.to())) {
                out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
                in.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
            }
        }
        out.forEach((name, list) -> spread(layout.nodes().get(name), list,
                e -> layout.nodes().get(e.to()).centerX(), startX));
        in.forEach((name, list) -> spread(layout.nodes().get(name), list,
                e -> layout.nodes().get(e.from()).centerX(), endX));
    }

    private static void spread(GraphLayout.Box box, List<GraphEdge> list,
                               java.util.function.ToDoubleFunction<GraphEdge> otherX, Map<String, Double> into) {
        list.sort(java.util.Comparator.comparingDouble(otherX));
        double usable = box.width() * 0.7;
        for (int i = 0; i < list.size(); i++) {
            double offset = list.size() == 1 ? 0 : usable * ((double) i / (list.size() - 1) - 0.5);
            into.put(key(list.get(i)), box.centerX() + offset);
        }
    }

    /** Colours every box again by the colouring shown, e.g. when the loads arrive. */
    private void recolour() {
        nodes.forEach((name, node) -> {
            node.getStyleClass().removeIf(c -> c.startsWith(Styles.DEP_NODE + "-") || c.startsWith(Styles.DEP_LOAD + "-"));
            node.getStyleClass().add(viewModel.fillClass(name));
            node.getTooltip().setText(viewModel.nodeTooltip(name));
        });
    }

    private static EdgeShape edgeShape(GraphEdge e, GraphLayout.Box a, GraphLayout.Box b, double sx, double ex) {
        boolean downwards = b.centerY() > a.centerY() + 1;
        boolean upwards = b.centerY() < a.centerY() - 1;
        double sy;
        double ey;
        double bend;
        if (downwards) {
            sy = a.y() + a.height();
            ey = b.y();
            bend = (ey - sy) / 2;
        } else if (upwards) {
            sy = a.y();
            ey = b.y() + b.height();
            bend = (ey - sy) / 2;
        } else { // same row: an arc above the row
            sy = a.y();
            ey = b.y();
            bend = -30;
        }
        CubicCurve curve = new CubicCurve(sx, sy, sx, sy + bend, ex, ey - (upwards || downwards ? bend : -bend), ex, ey);
        if (!upwards && !downwards) {
            curve.setControlY2(ey + bend);
        }
        curve.getStyleClass().add(Styles.DEP_EDGE);
        curve.setStrokeWidth(EdgeRow.strokeWidth(e.weight()));
        if (e.byOperator()) {
            curve.getStyleClass().add(Styles.DEP_EDGE_OPERATOR);
            curve.getStrokeDashArray().setAll(6.0, 4.0);
        }
        // the arrowhead points along the curve's last tangent (from the second control point to the end)
        double dx = ex - curve.getControlX2();
        double dy = ey - curve.getControlY2();
        double len = Math.hypot(dx, dy);
        if (len < 1e-6) {
            dx = 0;
            dy = 1;
            len = 1;
        }
        double ux = dx / len;
        double uy = dy / len;
        double w = ARROW_LENGTH / 2 + curve.getStrokeWidth();
        double bx = ex - ux * ARROW_LENGTH;
        double by = ey - uy * ARROW_LENGTH;
        Polygon arrow = new Polygon(ex, ey, bx - uy * w / 1.6, by + ux * w / 1.6, bx + uy * w / 1.6, by - ux * w / 1.6);
        arrow.getStyleClass().add(Styles.DEP_ARROW);
        Tooltip.install(curve, new Tooltip(EdgeRow.of(e).title()));
        return new EdgeShape(e, curve, arrow);
    }

    /** Dims everything not connected to the selection and marks the selected node. */
    private void highlight() {
        String selected = viewModel.selectedProperty().get();
        nodes.forEach((name, node) -> {
            setClass(node, Styles.DEP_DIM, !viewModel.isHighlighted(name));
            setClass(node, Styles.DEP_SELECTED, name.equals(selected));
            setClass(node, Styles.DEP_CALLEE, viewModel.calleesProperty().get().contains(name));
            setClass(node, Styles.DEP_CALLER, viewModel.callersProperty().get().contains(name));
        });
        for (EdgeShape e : edges) {
            boolean on = viewModel.isHighlighted(e.edge().from(), e.edge().to());
            setClass(e.curve(), Styles.DEP_DIM, !on);
            setClass(e.arrow(), Styles.DEP_DIM, !on);
            boolean active = selected != null && on;
            setClass(e.curve(), Styles.DEP_EDGE_ACTIVE, active);
            setClass(e.arrow(), Styles.DEP_EDGE_ACTIVE, active);
        }
    }

    private static void setClass(Node node, String styleClass, boolean on) {
        if (on && !node.getStyleClass().contains(styleClass)) {
            node.getStyleClass().add(styleClass);
        } else if (!on) {
            node.getStyleClass().remove(styleClass);
        }
    }

    private void zoomTo(double factor) {
        zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, factor));
        canvas.setScaleX(zoom);
        canvas.setScaleY(zoom);
    }

    /** Tells the view model the area the drawing is shown in, when it changed enough to lay the graph out again. */
    private void adaptLayout(Bounds view) {
        if (view.getWidth() <= 0 || view.getHeight() <= 0) {
            return;
        }
        Dimension2D usable = new Dimension2D(FIT_SHARE * view.getWidth(), FIT_SHARE * view.getHeight());
        Dimension2D now = viewModel.viewSizeProperty().get();
        if (now == null || Math.abs(usable.getWidth() - now.getWidth()) > RELAYOUT_STEP
                || Math.abs(usable.getHeight() - now.getHeight()) > RELAYOUT_STEP) {
            viewModel.viewSizeProperty().set(usable);
        }
    }

    /**
     * Fits a new graph once: all of it when its names stay readable so, else at the smallest
     * readable zoom, which shows the most of it (the layout already wraps to suit the area).
     */
    private void fitWhenSized() {
        GraphLayout layout = viewModel.layoutProperty().get();
        Bounds view = scroll.getViewportBounds();
        if (!fitPending || layout == null || view.getWidth() <= 0 || view.getHeight() <= 0) {
            return;
        }
        fitPending = false;
        double whole = FIT_SHARE * Math.min(view.getWidth() / layout.width(), view.getHeight() / layout.height());
        zoomTo(Math.min(1, Math.max(READABLE_ZOOM, whole)));
        scroll.setHvalue(0);
        scroll.setVvalue(0);
    }

    /** Zooms so that the whole graph fits the visible area (never above 100 %). */
    private void fit() {
        GraphLayout layout = viewModel.layoutProperty().get();
        Bounds view = scroll.getViewportBounds();
        if (layout == null || view.getWidth() <= 0 || view.getHeight() <= 0) {
            return;
        }
        zoomTo(Math.min(1, FIT_SHARE * Math.min(view.getWidth() / layout.width(), view.getHeight() / layout.height())));
        scroll.setHvalue(0);
        scroll.setVvalue(0);
    }

    /** Scrolls so that the service's node is in the middle of the visible area when possible. */
    private void scrollTo(String service) {
        GraphLayout layout = viewModel.layoutProperty().get();
        GraphLayout.Box box = layout == null ? null : layout.nodes().get(service);
        if (box == null) {
            return;
        }
        Bounds content = zoomGroup.getLayoutBounds();
        Bounds view = scroll.getViewportBounds();
        double extraX = content.getWidth() - view.getWidth();
        double extraY = content.getHeight() - view.getHeight();
        if (extraX > 0) {
            scroll.setHvalue(clamp((box.centerX() * zoom - view.getWidth() / 2) / extraX));
        }
        if (extraY > 0) {
            scroll.setVvalue(clamp((box.centerY() * zoom - view.getHeight() / 2) / extraY));
        }
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public Optional<Node> searchField() {
        return Optional.of(search);
    }
}
