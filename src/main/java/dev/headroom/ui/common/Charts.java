package dev.headroom.ui.common;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

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
}
