package dev.headroom.ui.common;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

import java.awt.Paint;

/** The console's charts share one frame: a title on top, an unframed legend below, a resizable viewer. */
public final class Charts {
    private Charts() {
    }

    public static JFreeChart framed(Plot plot, TextTitle title, RectangleInsets padding) {
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setTitle(title);
        chart.setPadding(padding);
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        chart.getLegend().setFrame(BlockBorder.NONE);
        return chart;
    }

    /** A viewer that may shrink below the chart's preferred size, so layouts decide its size. */
    public static ChartViewer viewer(JFreeChart chart) {
        ChartViewer viewer = new ChartViewer(chart);
        viewer.setMinSize(0, 0);
        return viewer;
    }

    /**
     * Paints the frame every chart shares in a theme's colours: background, title, plot outline,
     * grid lines, axes and the legend's background and text. The series are the caller's.
     */
    public static void paintFrame(JFreeChart chart, TextTitle title, XYPlot plot, Paint surface, Paint text,
                                  Paint grid, Paint muted, ValueAxis... axes) {
        chart.setBackgroundPaint(surface);
        title.setPaint(text);
        plot.setBackgroundPaint(surface);
        plot.setOutlinePaint(grid);
        plot.setDomainGridlinePaint(grid);
        plot.setRangeGridlinePaint(grid);
        for (ValueAxis axis : axes) {
            axis.setLabelPaint(muted);
            axis.setTickLabelPaint(muted);
            axis.setAxisLinePaint(grid);
            axis.setTickMarkPaint(grid);
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setBackgroundPaint(surface);
            chart.getLegend().setItemPaint(text);
        }
    }
}
