package dev.headroom.ui.plan;

import dev.headroom.ui.common.Charts;

import javafx.scene.Node;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalDataItem;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

/**
 * One service's headroom over the window, in cores: the forecast as a band from the median to the
 * policy's quantile, against the capacity the plan leaves in service, that capacity plus surge,
 * and what the service may use of it under its utilisation limit. Spans where some of its hosts
 * are out are shaded. Where the quantile line crosses the usable line, the capacity rule breaks.
 */
final class HeadroomChart {
    private static final int MEDIAN = 0;
    private static final int QUANTILE = 1;
    private static final int IN_SERVICE = 0;
    private static final int WITH_SURGE = 1;
    private static final int USABLE = 2;
    private static final Stroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
            new float[] {6, 4}, 0);

    private final YIntervalSeries band = new YIntervalSeries("forecast band", false, true);
    private final XYSeries median = new XYSeries("median", false, true);
    private final XYSeries quantile = new XYSeries("quantile", false, true);
    private final XYSeries inService = new XYSeries("in service", false, true);
    private final XYSeries withSurge = new XYSeries("with surge", false, true);
    private final XYSeries usable = new XYSeries("usable", false, true);
    private final XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
    private final XYStepRenderer stepRenderer = new XYStepRenderer();
    private final DeviationRenderer bandRenderer = new DeviationRenderer(false, false);
    private final DateAxis timeAxis = new DateAxis(null, TimeZone.getTimeZone("UTC"), Locale.ROOT);
    private final NumberAxis coresAxis = new NumberAxis("cores");
    private final TextTitle title = new TextTitle("", new Font(Font.SANS_SERIF, Font.BOLD, 13));
    private final List<IntervalMarker> outMarkers = new ArrayList<>();
    private final XYPlot plot;
    private final JFreeChart chart;
    private final ChartViewer viewer;
    private PlanPalette palette = PlanPalette.FALLBACK;
    private HeadroomData data;

    HeadroomChart() {
        YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        bands.addSeries(band);
        XYSeriesCollection lines = new XYSeriesCollection();
        lines.addSeries(median);
        lines.addSeries(quantile);
        XYSeriesCollection steps = new XYSeriesCollection();
        steps.addSeries(inService);
        steps.addSeries(withSurge);
        steps.addSeries(usable);
        coresAxis.setAutoRangeIncludesZero(true);

        plot = new XYPlot(bands, timeAxis, coresAxis, bandRenderer);
        plot.setDataset(1, lines);
        plot.setRenderer(1, lineRenderer);
        plot.setDataset(2, steps);
        plot.setRenderer(2, stepRenderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        bandRenderer.setAlpha(1f);
        lineRenderer.setSeriesStroke(MEDIAN, new BasicStroke(1.8f));
        lineRenderer.setSeriesStroke(QUANTILE, new BasicStroke(1.4f));
        stepRenderer.setSeriesStroke(IN_SERVICE, new BasicStroke(1.8f));
        stepRenderer.setSeriesStroke(WITH_SURGE, new BasicStroke(1.8f));
        stepRenderer.setSeriesStroke(USABLE, DASHED);

        chart = Charts.framed(plot, title, new RectangleInsets(4, 4, 4, 10));
        viewer = Charts.viewer(chart);
        applyPalette(PlanPalette.FALLBACK);
    }

    Node node() {
        return viewer;
    }

    JFreeChart chart() {
        return chart;
    }

    void applyPalette(PlanPalette p) {
        palette = p;
        chart.setNotify(false);
        Charts.paintFrame(chart, title, plot, p.surface(), p.text(), p.grid(), p.muted(), timeAxis, coresAxis);
        bandRenderer.setSeriesFillPaint(0, p.band());
        bandRenderer.setSeriesPaint(0, p.band());
        lineRenderer.setSeriesPaint(MEDIAN, p.forecast());
        lineRenderer.setSeriesPaint(QUANTILE, p.forecast());
        stepRenderer.setSeriesPaint(IN_SERVICE, p.capacity());
        stepRenderer.setSeriesPaint(WITH_SURGE, p.surge());
        stepRenderer.setSeriesPaint(USABLE, p.capacity());
        outMarkers.forEach(m -> m.setPaint(p.out()));
        plot.setFixedLegendItems(legend());
        chart.setNotify(true);
    }

    private LegendItemCollection legend() {
        Shape line = new Line2D.Double(-7, 0, 7, 0);
        Shape box = new Rectangle2D.Double(-7, -5, 14, 10);
        LegendItemCollection items = new LegendItemCollection();
        String q = data == null ? "the quantile" : "the " + String.format(Locale.ROOT, "%.3f", data.quantileLevel())
                .replaceAll("0+$", "") + " quantile";
        items.add(lineItem("Load, median", line, palette.forecast(), new BasicStroke(2f)));
        items.add(new LegendItem("Load up to " + q, null, null, null, box, palette.band()));
        items.add(lineItem("In service", line, palette.capacity(), new BasicStroke(2f)));
        items.add(lineItem("With surge", line, palette.surge(), new BasicStroke(2f)));
        items.add(lineItem("Usable (limit " + (data == null ? "" : Math.round(100 * data.limit()) + " %") + ")", line,
                palette.capacity(), DASHED));
        items.add(new LegendItem("Hosts out", null, null, null, box, palette.out()));
        return items;
    }

    private static LegendItem lineItem(String label, Shape line, java.awt.Color colour, Stroke stroke) {
        return new LegendItem(label, null, null, null, false, line, false, colour, false, colour, stroke, true, line,
                stroke, colour);
    }

    /** Shows {@code next}; {@code null} empties the chart. */
    void show(HeadroomData next) {
        data = next;
        chart.setNotify(false);
        band.clear();
        median.clear();
        quantile.clear();
        inService.clear();
        withSurge.clear();
        usable.clear();
        outMarkers.forEach(m -> plot.removeDomainMarker(m, Layer.BACKGROUND));
        outMarkers.clear();
        if (next != null) {
            title.setText(next.service() + String.format(Locale.ROOT, " · least headroom %.0f %%",
                    100 * next.minHeadroom()));
            for (int i = 0; i < next.x().length; i++) {
                double x = next.x()[i];
                band.add(new YIntervalDataItem(x, next.median()[i], next.median()[i], next.quantile()[i]), false);
                median.add(x, next.median()[i], false);
                quantile.add(x, next.quantile()[i], false);
                inService.add(x, next.inService()[i], false);
                withSurge.add(x, next.withSurge()[i], false);
                usable.add(x, next.usable()[i], false);
            }
            for (double[] span : next.outSpans()) {
                IntervalMarker m = new IntervalMarker(span[0], span[1]);
                m.setPaint(palette.out());
                m.setOutlinePaint(null);
                outMarkers.add(m);
                plot.addDomainMarker(m, Layer.BACKGROUND);
            }
        } else {
            title.setText("");
        }
        band.fireSeriesChanged();
        median.fireSeriesChanged();
        quantile.fireSeriesChanged();
        inService.fireSeriesChanged();
        withSurge.fireSeriesChanged();
        usable.fireSeriesChanged();
        plot.setFixedLegendItems(legend());
        chart.setNotify(true);
    }
}
