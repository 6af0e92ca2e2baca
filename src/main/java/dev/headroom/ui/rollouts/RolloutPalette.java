package dev.headroom.ui.rollouts;

import java.awt.Color;

/**
 * The load chart's colours, read from the theme's variables through swatches like the other
 * charts'; {@link #FALLBACK} only shows before the first CSS pass.
 */
record RolloutPalette(Color surface, Color text, Color muted, Color grid, Color forecast, Color band, Color actual,
                      Color capacity) {

    static final String[] SWATCHES = {"surface", "text", "muted", "grid", "forecast", "band-inner", "actual",
        "capacity"};

    static final RolloutPalette FALLBACK = new RolloutPalette(Color.WHITE, Color.DARK_GRAY, Color.GRAY,
            Color.LIGHT_GRAY, Color.BLUE, new Color(0, 0, 255, 60), Color.ORANGE, Color.DARK_GRAY);

    static Color awt(javafx.scene.paint.Color c) {
        return new Color((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue(), (float) c.getOpacity());
    }
}
