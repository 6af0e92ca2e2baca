package dev.headroom.forecast.models;

import dev.headroom.forecast.History;

/**
 * The regressors of {@link GlobalModel} for one series: for an anchor {@code t} (the last sample
 * the model may see) and a lead {@code k}, a feature vector on the series normalised by its own
 * last-day level and scale, so that series in different units (percent, bytes, cores) share one
 * set of coefficients.
 *
 * <p>Every feature reads samples at or before the anchor only, so the same code builds training
 * rows inside a window and the forecast row at its end without looking ahead. Seasonal features
 * follow the protocol: the daily ones only when the history up to the anchor holds two days, the
 * weekly one only with two weeks; otherwise they are zero and their indicator says so.
 */
final class GlobalFeatures {
    static final int LAGS = 12;
    /**
     * Normalised values (features, targets and forecasts) are clipped here, in units of the scale: spikes must not steer the fit, and a forecast stays within a few typical
     * moves of the recent level. On DEV a wider clip (10, 20, 50) lets trending memory series
     * extrapolate further but loses more on the many spiky VMs (gmean relMASE 0.89 at 4, 0.92 at 20).
     */
    static final double CLIP = 4;
    /**
     * The wider clip of the seasonal features, the targets and the forecast: yesterday's value
     * at the target's time of day is robust to a spike in the last hour, and must be able to move
     * the forecast through a whole daily swing.
     */
    static final double WIDE = 12;
    /** The level is the mean of the last three hours at five minutes: recent, yet not one noisy sample. */
    static final int LEVEL_WINDOW = 36;

    /**
     * The seasonal features come last, from here on: rows without a season are zero there, and
     * training skips that tail instead of multiplying by zero.
     */
    static final int SEASONAL_FROM = 1 + LAGS + 4 + 3;
    static final int COUNT = SEASONAL_FROM + 6;

    private final double[] y;
    private final int day;
    /** prefix[i] = sum of y[0..i-1], centred on y's mean so long sums keep their precision. */
    private final double[] prefix;
    /** prefix of |y[i] - y[i-1]|. */
    private final double[] diffPrefix;
    /** prefix of (y - centre)^2, for the spread over the last day. */
    private final double[] squarePrefix;
    private final double[] phase;
    private final double centre;

    private double level;
    private double scale;

    /**
     * @param filled the samples with gaps filled (see {@link dev.headroom.forecast.Histories#fillGaps})
     */
    GlobalFeatures(History history, double[] filled) {
        this.y = filled;
        this.day = history.stepsPerDay();
        int n = y.length;
        double sum = 0;
        for (double v : y) {
            sum += v;
        }
        centre = n == 0 ? 0 : sum / n;
        prefix = new double[n + 1];
        diffPrefix = new double[n + 1];
        squarePrefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + (y[i] - centre);
            squarePrefix[i + 1] = squarePrefix[i] + (y[i] - centre) * (y[i] - centre);
            diffPrefix[i + 1] = diffPrefix[i] + (i == 0 ? 0 : Math.abs(y[i] - y[i - 1]));
        }
        // time of day as a fraction: phase[0] at sample 0 plus phase[1] per step
        long stepSeconds = history.step().getSeconds();
        long startOfDay = Math.floorMod(history.start().getEpochSecond(), 86_400L);
        phase = new double[] {startOfDay / 86_400.0, stepSeconds / 86_400.0};
    }

    int stepsPerDay() {
        return day;
    }

    /**
     * Sets the level (mean of the last {@link #LEVEL_WINDOW} samples) and the scale (mean absolute
     * step over the last day, the protocol's MASE scale on short windows; widened by the recent
     * deviation from the level and half the last day's standard deviation) for anchor {@code t}.
     *
     * @return false when the series is flat there (no scale to normalise by)
     */
    boolean anchor(int t) {
        int w = Math.min(day, t + 1);
        int from = t + 1 - w;
        int levelFrom = Math.max(0, t + 1 - LEVEL_WINDOW);
        level = mean(levelFrom, t + 1);
        scale = w < 2 ? 0 : (diffPrefix[t + 1] - diffPrefix[from + 1]) / (w - 1);
        // a trend or a fresh level shift moves the recent samples away from their mean by more
        // than one step: widen the scale so that the clip does not cut what is there to follow
        double dev = 0;
        for (int i = levelFrom; i <= t; i++) {
            dev += Math.abs(y[i] - level);
        }
        scale = Math.max(scale, dev / (t + 1 - levelFrom));
        double dayMean = (prefix[t + 1] - prefix[from]) / w;
        double dayVar = Math.max(0, (squarePrefix[t + 1] - squarePrefix[from]) / w - dayMean * dayMean);
        // and a smooth daily swing must fit within the wide clip of the seasonal features
        scale = Math.max(scale, 0.5 * Math.sqrt(dayVar));
        // steps at rounding-noise size are a flat series, whatever its level
        return scale > 1e-9 * Math.abs(level) && scale > 0;
    }

    double level() {
        return level;
    }

    double scale() {
        return scale;
    }

    double z(int i) {
        return clip((y[Math.max(0, i)] - level) / scale, CLIP);
    }

    private double zWide(int i) {
        return clip((y[Math.max(0, i)] - level) / scale, WIDE);
    }

    static double clip(double v, double limit) {
        return Math.max(-limit, Math.min(limit, v));
    }

    /** Mean of y over [from, to) minus the level, normalised. */
    private double zMean(int from, int to) {
        return zMean(from, to, CLIP);
    }

    private double zMean(int from, int to, double limit) {
        from = Math.max(0, from);
        if (to <= from) {
            return 0;
        }
        return clip((mean(from, to) - level) / scale, limit);
    }

    private double mean(int from, int to) {
        return (prefix[to] - prefix[from]) / (to - from) + centre;
    }

    /**
     * Fills {@code out} (length {@link #COUNT}) for anchor {@code t} and lead {@code k >= 1}.
     *
     * @param daily  whether the daily season may be used at this anchor
     * @param weekly whether the weekly season may be used at this anchor
     */
    void fill(int t, int k, boolean daily, boolean weekly, double[] out) {
        int c = 0;
        out[c++] = 1;
        for (int j = 0; j < LAGS; j++) {
            out[c++] = z(t - j);
        }
        out[c++] = zMean(t + 1 - 12, t + 1);
        out[c++] = zMean(t + 1 - 72, t + 1);
        out[c++] = zMean(t + 1 - 7 * day, t + 1);
        out[c++] = zMean(0, t + 1);
        double p = 2 * Math.PI * (phase[0] + phase[1] * (t + k));
        out[c++] = Math.sin(p);
        out[c++] = Math.cos(p);
        out[c++] = Math.log(k);
        if (daily) {
            int back = day * (int) Math.ceil((double) k / day);
            int s = t + k - back;
            out[c++] = 1;
            out[c++] = zWide(s);
            out[c++] = clip(zMean(s - 3, Math.min(t + 1, s + 4), WIDE), WIDE);
            double sum = 0;
            int days = 0;
            for (int j = 0; j < 7 && s - j * day >= 0; j++) {
                sum += zWide(s - j * day);
                days++;
            }
            out[c++] = sum / days;
            out[c++] = z(t) - z(t - day);
        } else {
            for (int j = 0; j < 5; j++) {
                out[c++] = 0;
            }
        }
        if (weekly) {
            int back = 7 * day * (int) Math.ceil((double) k / (7 * day));
            out[c] = zWide(t + k - back);
        } else {
            out[c] = 0;
        }
    }
}
