package dev.headroom.ui.forecast;

import dev.headroom.ui.common.Charts;

import dev.headroom.forecast.IntervalLevels;
import javafx.scene.Node;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalDataItem;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.Locale;
import java.util.TimeZone;

/**
 * The Forecast view's chart: history, forecast with its outer and inner band (95 % and 80 % unless
 * chosen otherwise; the legend names the levels drawn), actuals and a marker
 * at the account's clock. It keeps the full {@link ChartData} and draws it thinned with
 * {@link Lttb} to about one point per pixel of its width, again whenever the width changes.
 */
final class ForecastChart {
    /** Fewer points than this look jagged even on a narrow chart. */
    private static final int MIN_POINTS = 200;
    private static final int HISTORY = 0;
    private static final int FORECAST = 1;
    private static final int ACTUAL = 2;
    private static final int BAND_OUTER = 0;
    private static final int BAND_INNER = 1;

    private final XYSeries history = new XYSeries("History", false, true);
    private final XYSeries forecast = new XYSeries("Forecast", false, true);
    private final XYSeries actual = new XYSeries("Actual", false, true);
    private final YIntervalSeries bandOuter = new YIntervalSeries("outer interval", false, true);
    private final YIntervalSeries bandInner = new YIntervalSeries("inner interval", false, true);
    private final XYSeriesCollection lines = new XYSeriesCollection();
    private final YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
    private final XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
    private final DeviationRenderer bandRenderer = new DeviationRenderer(false, false);
    private final DateAxis timeAxis = new DateAxis(null, TimeZone.getTimeZone("UTC"), Locale.ROOT);
    private final NumberAxis loadAxis = new NumberAxis("utilisation (%)");
    private final ValueMarker nowMarker = new ValueMarker(0);
    private final TextTitle title = new TextTitle("", new Font(Font.SANS_SERIF, Font.BOLD, 14));
    private final XYPlot plot;
    private final JFreeChart chart;
    private final ChartViewer viewer;
    private ChartData data;
    private ChartPalette palette = ChartPalette.FALLBACK;
    private int drawnFor;

    ForecastChart() {
        lines.addSeries(history);
        lines.addSeries(forecast);
        lines.addSeries(actual);
        bands.addSeries(bandOuter);
        bands.addSeries(bandInner);
        loadAxis.setAutoRangeIncludesZero(true);

        plot = new XYPlot(bands, timeAxis, loadAxis, bandRenderer);
        plot.setDataset(1, lines);
        plot.setRenderer(1, lineRenderer);
        // the bands are dataset 0 and are drawn first, under the lines
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setDomainPannable(true);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        lineRenderer.setSeriesStroke(HISTORY, new BasicStroke(1.4f));
        lineRenderer.setSeriesStroke(FORECAST, new BasicStroke(1.8f));
        lineRenderer.setSeriesStroke(ACTUAL, new BasicStroke(1.8f));
        bandRenderer.setAlpha(1f);

        nowMarker.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                new float[] {5, 4}, 0));
        nowMarker.setLabel("now");
        nowMarker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        nowMarker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        nowMarker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        nowMarker.setLabelBackgroundColor(new Color(0, 0, 0, 0));
        plot.addDomainMarker(nowMarker);

        chart = Charts.framed(plot, title, new RectangleInsets(6, 6, 6, 12));
        viewer = Charts.viewer(chart);
        viewer.widthProperty().addListener((obs, old, width) -> redrawIfWidthChanged());
        applyPalette(ChartPalette.FALLBACK);
    }

    Node node() {
        return viewer;
    }

    JFreeChart chart() {
        return chart;
    }

    /** Shows {@code next}; {@code null} empties the chart. */
    void show(ChartData next) {
        data = next;
        redraw();
    }

    void applyPalette(ChartPalette p) {
        palette = p;
        chart.setNotify(false);
        Charts.paintFrame(chart, title, plot, p.surface(), p.text(), p.grid(), p.muted(), timeAxis, loadAxis);
        lineRenderer.setSeriesPaint(HISTORY, p.history());
        lineRenderer.setSeriesPaint(FORECAST, p.forecast());
        lineRenderer.setSeriesPaint(ACTUAL, p.actual());
        bandRenderer.setSeriesFillPaint(BAND_OUTER, p.bandOuter());
        bandRenderer.setSeriesFillPaint(BAND_INNER, p.bandInner());
        nowMarker.setPaint(p.now());
        nowMarker.setLabelPaint(p.now());
        plot.setFixedLegendItems(legend());
        chart.setNotify(true);
    }

    /** Names only what is drawn: "Actual" appears once the account's clock has moved past the forecast. */
    private LegendItemCollection legend() {
        Shape line = new Line2D.Double(-7, 0, 7, 0);
        Shape box = new Rectangle2D.Double(-7, -5, 14, 10);
        LegendItemCollection items = new LegendItemCollection();
        if (!history.isEmpty()) {
            items.add(lineItem("History", line, palette.history()));
        }
        if (!forecast.isEmpty()) {
            items.add(lineItem("Forecast", line, palette.forecast()));
            IntervalLevels levels = data.forecast().levels();
            items.add(new LegendItem(levels.innerPercent() + " % interval", null, null, null, box, palette.bandInner()));
            items.add(new LegendItem(levels.outerPercent() + " % interval", null, null, null, box, palette.bandOuter()));
        }
        if (!actual.isEmpty()) {
            items.add(lineItem("Actual", line, palette.actual()));
        }
        return items;
    }

    private static LegendItem lineItem(String label, Shape line, Color colour) {
        return new LegendItem(label, null, null, null, false, line, false, colour, false, colour,
                new BasicStroke(2f), true, line, new BasicStroke(2f), colour);
    }

    private void redrawIfWidthChanged() {
        if (points() != drawnFor) {
            redraw();
        }
    }

    /** About one point per pixel of the chart's width. */
    private int points() {
        return Math.max(MIN_POINTS, (int) Math.ceil(viewer.getWidth()));
    }

    private void redraw() {
        int budget = points();
        drawnFor = budget;
        chart.setNotify(false);
        history.clear();
        forecast.clear();
        actual.clear();
        bandOuter.clear();
        bandInner.clear();
        if (data != null) {
            title.setText(data.title());
            fill(history, data.history(), budget);
            fill(actual, data.actual(), budget);
            ChartData.Band b = data.forecast();
            if (b != null) {
                for (int i : Lttb.select(b.x(), b.mean(), budget)) {
                    forecast.add(b.x()[i], b.mean()[i], false);
                    bandOuter.add(new YIntervalDataItem(b.x()[i], b.mean()[i], b.lowerOuter()[i], b.upperOuter()[i]),
                            false);
                    bandInner.add(new YIntervalDataItem(b.x()[i], b.mean()[i], b.lowerInner()[i], b.upperInner()[i]),
                            false);
                }
            }
            nowMarker.setValue(data.now().toEpochMilli());
        } else {
            title.setText("");
        }
        history.fireSeriesChanged();
        forecast.fireSeriesChanged();
        actual.fireSeriesChanged();
        bandOuter.fireSeriesChanged();
        bandInner.fireSeriesChanged();
        plot.setFixedLegendItems(legend());
        chart.setNotify(true);
    }

    private static void fill(XYSeries series, ChartData.Line line, int budget) {
        for (int i : Lttb.select(line.x(), line.y(), budget)) {
            series.add(line.x()[i], line.y()[i], false);
        }
    }
}
