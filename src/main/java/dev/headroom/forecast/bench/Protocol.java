package dev.headroom.forecast.bench;

import dev.headroom.forecast.History;

/**
 * The fixed parts of FORECAST_PROTOCOL.md: tier and horizon from the series length, the three
 * rolling origins, the 21-day training cap and the error scale.
 */
public final class Protocol {
    public static final int ORIGINS = 3;
    public static final int TRAINING_CAP_DAYS = 21;

    private Protocol() {
    }

    public enum Tier {
        FULL, REDUCED, SHORT;

        public boolean seasonal() {
            return this != SHORT;
        }
    }

    public static Tier tier(int n, int d) {
        if (n >= 5 * d) {
            return Tier.FULL;
        }
        return n >= 2 * d + 3 * (d / 24) ? Tier.REDUCED : Tier.SHORT;
    }

    public static int horizon(int n, int d) {
        return switch (tier(n, d)) {
            case FULL -> d;
            case REDUCED -> (n - 2 * d) / 3;
            case SHORT -> n / 6;
        };
    }

    /** Origin {@code k} (1–3), as the number of samples the model sees. */
    public static int origin(int n, int h, int k) {
        return n - (ORIGINS + 1 - k) * h;
    }

    /** What the model is given at an origin: the samples before it, at most the last 21 days. */
    public static History trainingWindow(History series, int origin) {
        return series.head(origin).tail(TRAINING_CAP_DAYS * series.stepsPerDay());
    }

    /**
     * Mean absolute seasonal difference of the training window (lag one day when the window holds
     * two days, else lag 1); 0 for a constant window, where MASE is undefined.
     */
    public static double scale(double[] train, int d) {
        int m = train.length >= 2 * d ? d : 1;
        double sum = 0;
        int count = 0;
        for (int t = m; t < train.length; t++) {
            if (!Double.isNaN(train[t]) && !Double.isNaN(train[t - m])) {
                sum += Math.abs(train[t] - train[t - m]);
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }
}
