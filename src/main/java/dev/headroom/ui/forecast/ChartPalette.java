package dev.headroom.ui.forecast;

import java.awt.Color;

/**
 * The chart's colours. JFreeChart paints with AWT colours and knows no stylesheet, so the view
 * reads them from the theme's variables ({@code -hr-surface}, {@code -hr-chart-forecast}, …) and
 * hands them over here; {@link #FALLBACK} only shows before the first CSS pass.
 */
record ChartPalette(Color surface, Color text, Color muted, Color grid, Color history, Color forecast,
                    Color bandInner, Color bandOuter, Color actual, Color now) {

    static final ChartPalette FALLBACK = new ChartPalette(Color.WHITE, Color.DARK_GRAY, Color.GRAY,
            Color.LIGHT_GRAY, Color.GRAY, Color.BLUE, new Color(0, 0, 255, 80), new Color(0, 0, 255, 40),
            Color.ORANGE, Color.RED);

    static Color awt(javafx.scene.paint.Color c) {
        return new Color((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue(), (float) c.getOpacity());
    }
}
