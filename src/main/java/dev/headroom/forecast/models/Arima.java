package dev.headroom.forecast.models;

import dev.headroom.forecast.ForecastException;
import dev.headroom.forecast.ForecastModel;
import dev.headroom.forecast.Histories;
import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;

import java.util.Arrays;

/**
 * Automatic non-seasonal ARIMA in the spirit of R's {@code auto.arima}: ARMA(p,q) orders up to
 * ({@value #MAX_P},{@value #MAX_Q}) are compared by AICc, each fitted in closed form by
 * Hannan–Rissanen (see {@link ArmaFit}), once on the series around its median and once on its
 * differences; a holdout at the end of the history picks which of the two forecasts. The level
 * model lets a mean-reverting load drift back to its usual level instead of staying at the last
 * (often noisy) value as the naive forecast does; the differenced one follows a load that moved.
 *
 * <p>Seasons are ignored even when allowed; {@link Dhr} adds them as Fourier terms.
 */
public final class Arima implements ForecastModel {
    static final int MIN_SAMPLES = 8;
    private static final int MAX_P = 3;
    private static final int MAX_Q = 2;
    /**
     * The ARMA part is fitted on at most this many recent samples (3.5 days at five minutes): on
     * the DEV traces a longer window forecast no better and costs linearly.
     */
    private static final int MAX_FIT = 1024;

    @Override
    public String name() {
        return "arima";
    }

    @Override
    public double[] forecast(History history, int horizon, Seasonality seasons) {
        double[] y = Histories.fillGaps(history.values());
        if (y.length < MIN_SAMPLES) {
            throw new ForecastException("only " + y.length + " samples; ARIMA needs " + MIN_SAMPLES);
        }
        return forecast(y, horizon);
    }

    /** Forecasts a gap-free series of at least {@link #MIN_SAMPLES} samples; always finite. */
    static double[] forecast(double[] y, int horizon) {
        int n = y.length;
        if (isFlat(y, n)) {
            double[] f = new double[horizon];
            Arrays.fill(f, y[n - 1]);
            return f;
        }
        return forecast(y, n, horizon, differenceOnHoldout(y, horizon));
    }

    /**
     * Whether the differenced model forecast the last {@code horizon} steps (at most a quarter of
     * the series) better than the level model did, both fitted on the samples before them. Unit
     * root tests answer a different question (is the series stationary over this window) and, on
     * load that wanders for hours and then returns, chose worse than this direct check.
     */
    private static boolean differenceOnHoldout(double[] y, int horizon) {
        int n = y.length;
        int hold = Math.min(horizon, n / 4);
        if (hold < 2 || n - hold < MIN_SAMPLES || isFlat(y, n - hold)) {
            return true;
        }
        double[] level = forecast(y, n - hold, hold, false);
        double[] diff = forecast(y, n - hold, hold, true);
        double levelError = 0;
        double diffError = 0;
        for (int k = 0; k < hold; k++) {
            levelError += Math.abs(y[n - hold + k] - level[k]);
            diffError += Math.abs(y[n - hold + k] - diff[k]);
        }
        return diffError <= levelError;
    }

    /**
     * Forecast of {@code y[0..n)}: ARIMA(p,1,q) without drift when {@code difference}, else
     * ARMA(p,q) around the median: the scores are absolute errors and load is skewed by bursts,
     * so the median is the level a mean-reverting forecast should return to.
     */
    static double[] forecast(double[] y, int n, int horizon, boolean difference) {
        double last = y[n - 1];
        double[] f = new double[horizon];
        double level;
        double[] x;
        if (difference) {
            level = 0;
            int m = Math.min(n - 1, MAX_FIT);
            x = new double[m];
            for (int i = 0, t = n - m; i < m; i++, t++) {
                x[i] = y[t] - y[t - 1];
            }
        } else {
            level = medianInPlace(Arrays.copyOf(y, n), n);
            int m = Math.min(n, MAX_FIT);
            x = new double[m];
            for (int i = 0, t = n - m; i < m; i++, t++) {
                x[i] = y[t] - level;
            }
        }
        ArmaFit fit = ArmaFit.best(x, MAX_P, MAX_Q, difference ? 0 : 1);
        double[] fx = fit.forecast(x, horizon);
        double acc = last;
        for (int k = 0; k < horizon; k++) {
            if (difference) {
                acc += fx[k];
                f[k] = acc;
            } else {
                f[k] = level + fx[k];
            }
            if (!Double.isFinite(f[k])) {
                Arrays.fill(f, last);
                return f;
            }
        }
        return f;
    }

    static double median(double[] y) {
        return medianInPlace(y.clone(), y.length);
    }

    /** The median of {@code a[0..n)}, which it reorders. */
    static double medianInPlace(double[] a, int n) {
        double upper = select(a, n, n / 2);
        if (n % 2 == 1) {
            return upper;
        }
        double lower = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n / 2; i++) {
            lower = Math.max(lower, a[i]);
        }
        return 0.5 * (lower + upper);
    }

    /** The k-th smallest of {@code a[0..n)} (Hoare's quickselect, linear on average); reorders it. */
    private static double select(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double tmp = a[i];
                    a[i] = a[j];
                    a[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    static boolean isFlat(double[] y) {
        return isFlat(y, y.length);
    }

    /** Whether {@code y[0..n)} is constant (to rounding). */
    private static boolean isFlat(double[] y, int n) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < n; t++) {
            double v = y[t];
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max - min <= 1e-12 * Math.max(1, Math.abs(max));
    }
}
