package dev.headroom.forecast.models;

import dev.headroom.forecast.ForecastException;
import dev.headroom.forecast.ForecastModel;
import dev.headroom.forecast.Histories;
import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;

/**
 * Automatic non-seasonal ARIMA in the spirit of R's {@code auto.arima}: a KPSS test decides
 * whether to difference once, then ARMA(p,q) orders up to ({@value #MAX_P},{@value #MAX_Q}) are
 * compared by AICc, each fitted in closed form by Hannan–Rissanen (see {@link ArmaFit}). Without
 * differencing the model keeps its mean, so a mean-reverting load is forecast to drift back to
 * its level instead of staying at the last (often noisy) value as the naive forecast does.
 *
 * <p>Seasons are ignored even when allowed; {@link Dhr} adds them as Fourier terms.
 */
public final class Arima implements ForecastModel {
    static final int MIN_SAMPLES = 8;
    private static final int MAX_P = 3;
    private static final int MAX_Q = 2;
    /** KPSS level-stationarity critical value at 5 % (Kwiatkowski et al. 1992, table 1). */
    private static final double KPSS_CRITICAL = 0.463;

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
        double last = y[n - 1];
        double[] f = new double[horizon];
        if (isFlat(y)) {
            java.util.Arrays.fill(f, last);
            return f;
        }
        boolean difference = kpss(y) > KPSS_CRITICAL;
        double level;
        double[] x;
        if (difference) {
            level = 0;
            x = new double[n - 1];
            for (int t = 1; t < n; t++) {
                x[t - 1] = y[t] - y[t - 1];
            }
        } else {
            level = mean(y);
            x = new double[n];
            for (int t = 0; t < n; t++) {
                x[t] = y[t] - level;
            }
        }
        ArmaFit fit = select(x, difference ? 0 : 1);
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
                java.util.Arrays.fill(f, last);
                return f;
            }
        }
        return f;
    }

    /** The AICc-best ARMA of a zero-mean series; white noise when nothing better fits. */
    static ArmaFit select(double[] x, int extraK) {
        int n = x.length;
        int longOrder = Math.max(2, Math.min(20, n / 10));
        int from = Math.min(n - 1, longOrder + MAX_Q);
        double[] longAr = ArmaFit.longArResiduals(x, longOrder);
        ArmaFit best = ArmaFit.fit(x, longAr, 0, 0, from, extraK);
        if (n - from < 3 * (MAX_P + MAX_Q + 2)) {
            return best;
        }
        for (int p = 0; p <= MAX_P; p++) {
            for (int q = 0; q <= MAX_Q; q++) {
                if (p + q == 0) {
                    continue;
                }
                ArmaFit fit = ArmaFit.fit(x, longAr, p, q, from, extraK);
                if (fit != null && fit.aicc < best.aicc) {
                    best = fit;
                }
            }
        }
        return best;
    }

    /**
     * KPSS statistic for level stationarity with the Newey–West long-run variance at the "short"
     * lag {@code trunc(4 (n/100)^0.25)} used by R's {@code ndiffs}.
     */
    static double kpss(double[] y) {
        int n = y.length;
        double mu = mean(y);
        double[] e = new double[n];
        double s = 0;
        double sumS2 = 0;
        for (int t = 0; t < n; t++) {
            e[t] = y[t] - mu;
            s += e[t];
            sumS2 += s * s;
        }
        int lags = (int) (4 * Math.pow(n / 100.0, 0.25));
        double lrv = 0;
        for (int t = 0; t < n; t++) {
            lrv += e[t] * e[t];
        }
        for (int l = 1; l <= lags; l++) {
            double c = 0;
            for (int t = l; t < n; t++) {
                c += e[t] * e[t - l];
            }
            lrv += 2 * (1 - l / (lags + 1.0)) * c;
        }
        lrv /= n;
        if (!(lrv > 0)) {
            return 0;
        }
        return sumS2 / ((double) n * n * lrv);
    }

    static boolean isFlat(double[] y) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max - min <= 1e-12 * Math.max(1, Math.abs(max));
    }

    static double mean(double[] y) {
        double s = 0;
        for (double v : y) {
            s += v;
        }
        return s / y.length;
    }
}
