package dev.headroom.ui.rollouts;

import dev.headroom.rollout.LoadCheck;
import dev.headroom.ui.common.Charts;
import javafx.scene.Node;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalDataItem;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

/**
 * One service's load during a rollout, in cores, tick by tick: the forecast as a band from its
 * median to the upper quantile the plan covered, the load the provider observed, and the capacity
 * in service plus surge. Where the observed line leaves the band the forecast was wrong; where it
 * nears the capacity line the rollout was close to its floor.
 */
final class LoadCheckChart {
    private static final int MEDIAN = 0;
    private static final int ACTUAL = 1;

    private final YIntervalSeries band = new YIntervalSeries("forecast band", false, true);
    private final XYSeries median = new XYSeries("median", false, true);
    private final XYSeries actual = new XYSeries("actual", false, true);
    private final XYSeries capacity = new XYSeries("capacity", false, true);
    private final DeviationRenderer bandRenderer = new DeviationRenderer(false, false);
    private final XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
    private final XYStepRenderer stepRenderer = new XYStepRenderer();
    private final DateAxis timeAxis = new DateAxis(null, TimeZone.getTimeZone("UTC"), Locale.ROOT);
    private final NumberAxis coresAxis = new NumberAxis("cores");
    private final TextTitle title = new TextTitle("", new Font(Font.SANS_SERIF, Font.BOLD, 13));
    private final XYPlot plot;
    private final JFreeChart chart;
    private final ChartViewer viewer;
    private RolloutPalette palette = RolloutPalette.FALLBACK;

    LoadCheckChart() {
        YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        bands.addSeries(band);
        XYSeriesCollection lines = new XYSeriesCollection();
        lines.addSeries(median);
        lines.addSeries(actual);
        XYSeriesCollection steps = new XYSeriesCollection();
        steps.addSeries(capacity);
        coresAxis.setAutoRangeIncludesZero(true);
        plot = new XYPlot(bands, timeAxis, coresAxis, bandRenderer);
        plot.setDataset(1, lines);
        plot.setRenderer(1, lineRenderer);
        plot.setDataset(2, steps);
        plot.setRenderer(2, stepRenderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        bandRenderer.setAlpha(1f);
        lineRenderer.setSeriesStroke(MEDIAN, new BasicStroke(1.6f));
        lineRenderer.setSeriesStroke(ACTUAL, new BasicStroke(2.2f));
        stepRenderer.setSeriesStroke(0, new BasicStroke(1.8f));
        chart = Charts.framed(plot, title, new RectangleInsets(4, 4, 4, 10));
        viewer = Charts.viewer(chart);
        applyPalette(RolloutPalette.FALLBACK);
    }

    Node node() {
        return viewer;
    }

    JFreeChart chart() {
        return chart;
    }

    void applyPalette(RolloutPalette p) {
        palette = p;
        chart.setNotify(false);
        Charts.paintFrame(chart, title, plot, p.surface(), p.text(), p.grid(), p.muted(), timeAxis, coresAxis);
        bandRenderer.setSeriesFillPaint(0, p.band());
        bandRenderer.setSeriesPaint(0, p.band());
        lineRenderer.setSeriesPaint(MEDIAN, p.forecast());
        lineRenderer.setSeriesPaint(ACTUAL, p.actual());
        stepRenderer.setSeriesPaint(0, p.capacity());
        plot.setFixedLegendItems(legend());
        chart.setNotify(true);
    }

    private LegendItemCollection legend() {
        Shape line = new Line2D.Double(-7, 0, 7, 0);
        Shape box = new Rectangle2D.Double(-7, -5, 14, 10);
        LegendItemCollection items = new LegendItemCollection();
        items.add(lineItem("Forecast median", line, palette.forecast()));
        items.add(new LegendItem("Forecast up to the planned quantile", null, null, null, box, palette.band()));
        items.add(lineItem("Actual load", line, palette.actual()));
        items.add(lineItem("Capacity with surge", line, palette.capacity()));
        return items;
    }

    private static LegendItem lineItem(String label, Shape line, Color colour) {
        Stroke stroke = new BasicStroke(2f);
        return new LegendItem(label, null, null, null, false, line, false, colour, false, colour, stroke, true, line,
                stroke, colour);
    }

    /** Shows one service's checks, oldest first; an empty list empties the chart. */
    void show(String service, List<LoadCheck> checks) {
        chart.setNotify(false);
        band.clear();
        median.clear();
        actual.clear();
        capacity.clear();
        title.setText(checks.isEmpty() ? "" : service + " · predicted against actual load");
        for (LoadCheck c : checks) {
            double x = c.planTime().toEpochMilli();
            band.add(new YIntervalDataItem(x, c.predictedMedian(), c.predictedMedian(), c.predictedUpper()), false);
            median.add(x, c.predictedMedian(), false);
            actual.add(x, c.actualLoad(), false);
            capacity.add(x, c.capacityCores(), false);
        }
        band.fireSeriesChanged();
        median.fireSeriesChanged();
        actual.fireSeriesChanged();
        capacity.fireSeriesChanged();
        chart.setNotify(true);
    }
}
