package dev.headroom.ui.plan;

import java.awt.Color;

/**
 * The headroom chart's colours, read from the theme's variables like the Forecast chart's: the
 * chart paints with AWT colours and knows no stylesheet. {@link #FALLBACK} only shows before the
 * first CSS pass.
 */
record PlanPalette(Color surface, Color text, Color muted, Color grid, Color forecast, Color band, Color capacity,
                   Color surge, Color out) {

    static final String[] SWATCHES = {"surface", "text", "muted", "grid", "forecast", "band80", "capacity", "surge",
        "out"};

    static final PlanPalette FALLBACK = new PlanPalette(Color.WHITE, Color.DARK_GRAY, Color.GRAY, Color.LIGHT_GRAY,
            Color.BLUE, new Color(0, 0, 255, 50), Color.DARK_GRAY, Color.ORANGE, new Color(255, 160, 0, 30));

    static Color awt(javafx.scene.paint.Color c) {
        return new Color((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue(), (float) c.getOpacity());
    }
}
