package dev.headroom.ui.dependencies;

import dev.headroom.ui.common.Styles;

/**
 * The colour bands of a service's predicted peak load on the Dependencies page. The upper two
 * start where the Fleet and Forecasts pages emphasise load ({@link Styles#HIGH_LOAD_PERCENT},
 * {@link Styles#CRITICAL_LOAD_PERCENT}), so that the pages agree on what is busy.
 */
public enum LoadBand {
    /** No host of the service has a forecast inside the window (yet). */
    UNKNOWN("no forecast yet"),
    LOW("under 50 %"),
    MODERATE("50–80 %"),
    HIGH("80–90 %"),
    CRITICAL("90 % and over");

    /** Where moderate load starts: half of the hosts' cores busy at the peak. */
    public static final double MODERATE_LOAD_PERCENT = 50;

    private final String label;

    LoadBand(String label) {
        this.label = label;
    }

    /** The band of a peak utilisation in percent; {@code NaN} is {@link #UNKNOWN}. */
    public static LoadBand of(double percent) {
        if (Double.isNaN(percent)) {
            return UNKNOWN;
        }
        if (percent >= Styles.CRITICAL_LOAD_PERCENT) {
            return CRITICAL;
        }
        if (percent >= Styles.HIGH_LOAD_PERCENT) {
            return HIGH;
        }
        return percent >= MODERATE_LOAD_PERCENT ? MODERATE : LOW;
    }

    /** The legend's text for the band. */
    public String label() {
        return label;
    }

    /** The style class that colours a service box in this band: {@code dep-load-<band>}. */
    public String styleClass() {
        return Styles.DEP_LOAD + "-" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
