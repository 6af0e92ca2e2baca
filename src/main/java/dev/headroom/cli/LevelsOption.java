package dev.headroom.cli;

import dev.headroom.domain.HeadroomException;
import dev.headroom.forecast.IntervalLevels;

import java.math.BigDecimal;

/** The {@code --levels INNER,OUTER} option of forecast and bench forecast: two percentages, e.g. 80,95. */
final class LevelsOption {
    static final String NAME = "--levels";
    static final String DESCRIPTION = "Levels of the inner and outer prediction interval in percent, "
            + "comma-separated: 80,95 (the default), 50,90, 90,99.";

    private LevelsOption() {
    }

    /**
     * The levels written as {@code INNER,OUTER} in percent; {@link IntervalLevels#DEFAULT} when
     * {@code text} is null.
     *
     * @throws HeadroomException naming the option when the text is not two percentages with
     *                           50 ≤ inner < outer < 100
     */
    static IntervalLevels parse(String text) {
        if (text == null) {
            return IntervalLevels.DEFAULT;
        }
        String[] parts = text.split(",", -1);
        if (parts.length != 2) {
            throw bad(text, "is not two percentages");
        }
        double inner = percent(parts[0], text);
        double outer = percent(parts[1], text);
        if (!(inner >= 0.5 && inner < outer && outer < 1)) {
            throw bad(text, "is out of range");
        }
        return new IntervalLevels(inner, outer);
    }

    /** A percentage as a fraction, in decimal so that 95 becomes 0.95 and not 0.9500000000000001. */
    private static double percent(String part, String text) {
        try {
            return new BigDecimal(part.trim()).movePointLeft(2).doubleValue();
        } catch (NumberFormatException e) {
            throw bad(text, "is not two percentages");
        }
    }

    private static HeadroomException bad(String text, String problem) {
        return new HeadroomException(NAME + " \"" + text + "\" " + problem + ". Give the inner and the outer interval "
                + "level in percent, e.g. " + NAME + " 80,95: the inner at least 50, the outer above it and below 100.");
    }
}
