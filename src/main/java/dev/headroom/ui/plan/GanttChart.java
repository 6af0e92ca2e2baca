package dev.headroom.ui.plan;

import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanHost;
import dev.headroom.plan.PlanningProblem;
import dev.headroom.ui.common.Styles;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;
import javafx.util.Duration;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The plan's batches on a time line over the window, one row per batch: a bar while its hosts are
 * out, and under it a thinner bar per surge reservation, from before the batch starts until its
 * stabilisation period has passed. Hover for hosts and reservations; click a batch to select it.
 */
final class GanttChart extends Region {
    static final double LABEL_WIDTH = 150;
    static final double ROW = 30;
    static final double AXIS = 24;
    private static final double BAR = 15;
    private static final double RESERVATION = 5;
    private static final double RIGHT = 24;
    /** Tick spacings to choose from, in minutes: the first that leaves room for the labels. */
    private static final int[] TICK_MINUTES = {5, 10, 15, 30, 60, 120, 180, 360, 720, 1440};
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final List<Row> rows = new ArrayList<>();
    private final List<Label> tickLabels = new ArrayList<>();
    private final List<Line> tickLines = new ArrayList<>();
    private final Line windowEnd = new Line();
    private final Label empty = new Label();
    private Plan plan;
    private PlanningProblem problem;
    private IntConsumer onSelect = i -> { };
    private Integer selected;
    private int from;
    private int to;

    GanttChart() {
        getStyleClass().add(Styles.PLAN_GANTT);
        setId(Styles.ID_PLAN_GANTT);
        windowEnd.getStyleClass().add(Styles.PLAN_GANTT_WINDOW_END);
        empty.getStyleClass().add(Styles.MUTED);
        empty.setWrapText(true);
        getChildren().addAll(windowEnd, empty);
        widthProperty().addListener((obs, old, w) -> rebuildTicks());
    }

    void onSelect(IntConsumer action) {
        this.onSelect = action;
    }

    /** Draws {@code next}; {@code null} empties the chart and shows {@code placeholder}. */
    void show(Plan next, PlanningProblem nextProblem, String placeholder) {
        plan = next;
        problem = nextProblem;
        getChildren().removeIf(n -> n != windowEnd && n != empty);
        rows.clear();
        tickLabels.clear();
        tickLines.clear();
        boolean none = next == null || next.batches().isEmpty();
        empty.setText(none ? placeholder : "");
        empty.setVisible(none);
        windowEnd.setVisible(!none);
        if (none) {
            requestLayout();
            return;
        }
        from = 0;
        to = nextProblem.steps();
        for (Plan.Batch b : next.batches()) {
            for (Plan.Reservation r : b.reservations()) {
                from = Math.min(from, r.fromStep());
                to = Math.max(to, r.toStep());
            }
            to = Math.max(to, b.endStep());
        }
        Map<String, PlanHost> hosts = new HashMap<>();
        nextProblem.hosts().forEach(h -> hosts.put(h.id(), h));
        for (Plan.Batch b : next.batches()) {
            rows.add(new Row(b, hosts));
        }
        rebuildTicks();
        markSelected();
        requestLayout();
    }

    void select(Integer index) {
        selected = index;
        markSelected();
    }

    private void markSelected() {
        for (Row r : rows) {
            r.bar.getStyleClass().remove(Styles.PLAN_BATCH_SELECTED);
            r.label.getStyleClass().remove(Styles.PLAN_BATCH_SELECTED);
            if (selected != null && r.batch.index() == selected) {
                r.bar.getStyleClass().add(Styles.PLAN_BATCH_SELECTED);
                r.label.getStyleClass().add(Styles.PLAN_BATCH_SELECTED);
            }
        }
    }

    private void rebuildTicks() {
        getChildren().removeAll(tickLabels);
        getChildren().removeAll(tickLines);
        tickLabels.clear();
        tickLines.clear();
        if (plan == null || plan.batches().isEmpty()) {
            return;
        }
        long stepMinutes = Math.max(1, plan.step().toMinutes());
        double span = (to - from) * stepMinutes;
        double width = Math.max(100, getWidth() - LABEL_WIDTH - RIGHT);
        int every = TICK_MINUTES[TICK_MINUTES.length - 1];
        for (int m : TICK_MINUTES) {
            if (m % stepMinutes == 0 && width * m / span >= 56) {
                every = m;
                break;
            }
        }
        long startSecond = plan.time(from).getEpochSecond();
        long first = Math.floorDiv(startSecond + every * 60L - 1, every * 60L) * every * 60L;
        long endSecond = plan.time(to).getEpochSecond();
        for (long t = first; t <= endSecond; t += every * 60L) {
            Label l = new Label(HHMM.format(java.time.Instant.ofEpochSecond(t)));
            l.getStyleClass().add(Styles.PLAN_GANTT_TICK);
            l.setUserData((double) (t - startSecond) / (stepMinutes * 60.0) + from);
            Line line = new Line();
            line.getStyleClass().add(Styles.PLAN_GANTT_GRID);
            line.setUserData(l.getUserData());
            line.setMouseTransparent(true);
            tickLabels.add(l);
            tickLines.add(line);
        }
        getChildren().addAll(0, tickLines);
        getChildren().addAll(tickLabels);
        requestLayout();
    }

    private double x(double step) {
        double width = Math.max(100, getWidth() - LABEL_WIDTH - RIGHT);
        return LABEL_WIDTH + (step - from) * width / Math.max(1, to - from);
    }

    @Override
    protected double computePrefHeight(double width) {
        return AXIS + Math.max(2, rows.size()) * ROW + 6;
    }

    @Override
    protected double computePrefWidth(double height) {
        return 520;
    }

    @Override
    protected double computeMinWidth(double height) {
        return 300;
    }

    @Override
    protected void layoutChildren() {
        double bottom = AXIS + rows.size() * ROW;
        empty.resizeRelocate(12, 10, Math.max(0, getWidth() - 24), Math.max(0, getHeight() - 20));
        for (int i = 0; i < tickLines.size(); i++) {
            double xt = snapPositionX(x((double) tickLines.get(i).getUserData())) + 0.5;
            Line line = tickLines.get(i);
            line.setStartX(xt);
            line.setEndX(xt);
            line.setStartY(AXIS - 4);
            line.setEndY(Math.max(bottom, getHeight()));
            Label l = tickLabels.get(i);
            double w = l.prefWidth(-1);
            l.resizeRelocate(xt - w / 2, 2, w, AXIS - 6);
        }
        if (problem != null && plan != null && !plan.batches().isEmpty()) {
            double xe = snapPositionX(x(problem.steps())) + 0.5;
            windowEnd.setStartX(xe);
            windowEnd.setEndX(xe);
            windowEnd.setStartY(AXIS - 4);
            windowEnd.setEndY(Math.max(bottom, getHeight()));
        }
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            double y = AXIS + i * ROW;
            r.label.resizeRelocate(4, y + 2, LABEL_WIDTH - 12, ROW - 6);
            double x0 = x(r.batch.startStep());
            double x1 = x(r.batch.endStep());
            r.bar.resizeRelocate(snapPositionX(x0), y + 3, Math.max(3, snapSizeX(x1 - x0)), BAR);
            double cw = r.count.prefWidth(-1);
            double cx = x1 + 5 + cw <= getWidth() - 2 ? x1 + 5 : x0 - 5 - cw;
            r.count.resizeRelocate(snapPositionX(cx), y + 2, cw, BAR + 2);
            double ry = y + 4 + BAR;
            for (int k = 0; k < r.reservations.size(); k++) {
                Plan.Reservation res = r.batch.reservations().get(k);
                double a = x(res.fromStep());
                double b = x(res.toStep());
                r.reservations.get(k).resizeRelocate(snapPositionX(a), ry + k * (RESERVATION + 1),
                        Math.max(3, snapSizeX(b - a)), RESERVATION);
            }
        }
    }

    /** The nodes of one batch. */
    private final class Row {
        final Plan.Batch batch;
        final Label label;
        final Region bar;
        /** "8 hosts", beside the bar: a 25-minute batch in a 6-hour window is too narrow to hold it. */
        final Label count;
        final List<Region> reservations = new ArrayList<>();

        Row(Plan.Batch batch, Map<String, PlanHost> hosts) {
            this.batch = batch;
            Set<String> regions = new LinkedHashSet<>();
            for (String id : batch.hosts()) {
                PlanHost h = hosts.get(id);
                if (h != null) {
                    regions.add(h.region());
                }
            }
            label = new Label("#" + batch.index() + "  " + String.join(", ", regions));
            label.getStyleClass().add(Styles.PLAN_GANTT_LABEL);
            label.setAlignment(Pos.CENTER_LEFT);
            bar = new Region();
            bar.getStyleClass().add(Styles.PLAN_BATCH);
            Tooltip tip = tooltip(batchText());
            Tooltip.install(bar, tip);
            bar.setOnMouseClicked(e -> onSelect.accept(batch.index()));
            label.setOnMouseClicked(e -> onSelect.accept(batch.index()));
            count = new Label(batch.hosts().size() + (batch.hosts().size() == 1 ? " host" : " hosts"));
            count.getStyleClass().add(Styles.PLAN_GANTT_TICK);
            count.setMouseTransparent(true);
            getChildren().addAll(label, bar, count);
            for (Plan.Reservation r : batch.reservations()) {
                Region res = new Region();
                res.getStyleClass().addAll(Styles.PLAN_RESERVATION, r.spot() ? Styles.PLAN_RESERVATION_SPOT
                        : Styles.PLAN_RESERVATION_ON_DEMAND);
                Tooltip.install(res, tooltip("Surge for batch " + batch.index() + "\n"
                        + PlanViewModel.reservationText(plan, r)));
                res.setOnMouseClicked(e -> onSelect.accept(batch.index()));
                reservations.add(res);
                getChildren().add(res);
            }
        }

        private String batchText() {
            StringBuilder s = new StringBuilder("Batch ").append(batch.index()).append(" · ")
                    .append(HHMM.format(plan.time(batch.startStep()))).append("–")
                    .append(HHMM.format(plan.time(batch.endStep()))).append(" UTC\n");
            List<String> ids = batch.hosts();
            int shown = Math.min(ids.size(), 12);
            s.append(String.join(", ", ids.subList(0, shown)));
            if (shown < ids.size()) {
                s.append(" and ").append(ids.size() - shown).append(" more");
            }
            if (!batch.reservations().isEmpty()) {
                s.append("\nSurge: ").append(batch.reservations().size()).append(batch.reservations().size() == 1
                        ? " reservation" : " reservations");
            }
            s.append("\nStopped growing at: ").append(batch.binding());
            return s.toString();
        }
    }

    private static Tooltip tooltip(String text) {
        Tooltip t = new Tooltip(text);
        t.setShowDelay(Duration.millis(250));
        t.setWrapText(true);
        t.setMaxWidth(520);
        return t;
    }
}
