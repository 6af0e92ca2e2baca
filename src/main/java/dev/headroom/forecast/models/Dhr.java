package dev.headroom.forecast.models;

import dev.headroom.forecast.ForecastException;
import dev.headroom.forecast.ForecastModel;
import dev.headroom.forecast.Histories;
import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;

import java.util.Arrays;

/**
 * Dynamic harmonic regression: the series is regressed on an intercept, an optional linear trend
 * and Fourier terms of the allowed daily and weekly seasons, and what the regression leaves is
 * forecast by {@link Arima}'s error model. The number of harmonics per season and the trend are
 * chosen on the last part of the history (fitted on the samples before it) rather than by AICc,
 * whose independent-error assumption five-minute load is far from.
 *
 * <p>Cost: the Fourier terms depend only on the phase within the longest season, so one pass
 * over the samples sums count, trend and value per phase, and the normal equations of the
 * largest design are built from those sums in O(period·p²) instead of O(n·p²); every candidate
 * is a sub-matrix of them. Fitted values likewise are a per-phase table plus the trend. Without
 * an allowed season the model is {@link Arima}.
 */
public final class Dhr implements ForecastModel {
    private static final int[] DAILY_K = {1, 2, 3, 4, 6, 8};
    private static final int[] WEEKLY_K = {0, 1, 2, 3};
    /** Residuals beyond this many robust standard deviations are clipped before the final fit. */
    private static final double CLIP = 4;
    /**
     * Candidates are scored on the holdout after shifting them by their mean residual over this
     * many samples before it, as the error model will: otherwise a level shift inside the holdout
     * rewards whichever crude candidate happens to lean towards the new level.
     */
    private static final int ANCHOR = 12;
    /** The tables of the last seasons seen; a fleet run asks for the same ones every time. */
    private static volatile Fourier lastFourier;

    @Override
    public String name() {
        return "dhr";
    }

    @Override
    public double[] forecast(History history, int horizon, Seasonality seasons) {
        double[] raw = history.values();
        double[] y = Histories.fillGaps(raw);
        int n = y.length;
        if (n < Arima.MIN_SAMPLES) {
            throw new ForecastException("only " + n + " samples; DHR needs " + Arima.MIN_SAMPLES);
        }
        if (!seasons.seasonal() || Arima.isFlat(y)) {
            return Arima.forecast(y, horizon);
        }
        Fourier fourier = fourier(seasons);
        Sums sums = new Sums(fourier, n + horizon);
        int p = fourier.columns;
        // at most half the window, so that a season handed in for a shorter window cannot empty the fit
        int hold = Math.min(Math.min(horizon, seasons.daily()), n / 2);
        sums.add(raw, 0, n - hold);
        double[] xtxTrain = new double[p * p];
        double[] xtyTrain = new double[p];
        sums.normalEquations(xtxTrain, xtyTrain);
        sums.add(raw, n - hold, n);
        double[] xtx = new double[p * p];
        double[] xty = new double[p];
        sums.normalEquations(xtx, xty);

        int cached = Math.min(n, hold + ANCHOR);
        double[][] tailRows = new double[cached][p];
        for (int i = 0; i < cached; i++) {
            sums.row(n - cached + i, tailRows[i]);
        }
        int[] best = null;
        double bestError = Double.POSITIVE_INFINITY;
        for (int trend = 0; trend <= 1; trend++) {
            for (int kd : DAILY_K) {
                for (int kw : WEEKLY_K) {
                    if (kw > 0 && fourier.week == 0) {
                        continue;
                    }
                    int[] cols = fourier.columns(trend == 1, kd, kw);
                    double[] beta = solve(xtxTrain, xtyTrain, p, cols);
                    if (beta == null) {
                        continue;
                    }
                    double offset = 0;
                    int anchors = 0;
                    for (int t = n - cached; t < n - hold; t++) {
                        if (!Double.isNaN(raw[t])) {
                            offset += raw[t] - dot(tailRows[t - (n - cached)], cols, beta);
                            anchors++;
                        }
                    }
                    offset = anchors > 0 ? offset / anchors : 0;
                    double error = 0;
                    for (int t = n - hold; t < n; t++) {
                        if (!Double.isNaN(raw[t])) {
                            error += Math.abs(raw[t] - offset - dot(tailRows[t - (n - cached)], cols, beta));
                        }
                    }
                    if (error < bestError) {
                        bestError = error;
                        best = cols;
                    }
                }
            }
        }
        if (best == null) {
            return Arima.forecast(y, horizon);
        }
        double[] beta = solve(xtx, xty, p, best);
        if (beta == null) {
            return Arima.forecast(y, horizon);
        }
        double[] robust = clippedRefit(raw, sums, xtx, xty, best, beta);
        if (robust != null) {
            beta = robust;
        }
        double[] seasonal = sums.seasonal(best, beta);
        double[] resid = new double[n];
        for (int t = 0; t < n; t++) {
            resid[t] = raw[t] - sums.fitted(t, seasonal, best, beta);
        }
        // residuals, not the filled series: filling a gap by a straight line cuts the season off
        resid = Histories.fillGaps(resid);
        double[] errors = Arima.forecast(resid, horizon);
        double[] f = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            f[k] = sums.fitted(n + k, seasonal, best, beta) + errors[k];
            if (!Double.isFinite(f[k])) {
                return Arima.forecast(y, horizon);
            }
        }
        return f;
    }

    private static Fourier fourier(Seasonality seasons) {
        Fourier f = lastFourier;
        if (f == null || !f.seasons.equals(seasons)) {
            f = new Fourier(seasons);
            lastFourier = f;
        }
        return f;
    }

    /**
     * Refit with every sample pulled to within {@value #CLIP} robust standard deviations of the
     * first fit, so that a few huge spikes do not bend the season. Only X'y changes, and only by
     * the clipped samples' rows; null when no clipping scale exists (a perfect fit).
     */
    private static double[] clippedRefit(double[] raw, Sums sums, double[] xtx, double[] xty, int[] cols,
                                         double[] beta) {
        int n = raw.length;
        int p = sums.fourier.columns;
        double[] seasonal = sums.seasonal(cols, beta);
        double[] resid = new double[n];
        double[] absResid = new double[n];
        int present = 0;
        for (int t = 0; t < n; t++) {
            if (!Double.isNaN(raw[t])) {
                resid[t] = raw[t] - sums.fitted(t, seasonal, cols, beta);
                absResid[present++] = Math.abs(resid[t]);
            }
        }
        double limit = CLIP * 1.4826 * Arima.medianInPlace(absResid, present);
        if (!(limit > 0)) {
            return null;
        }
        double[] clipped = xty.clone();
        double[] row = new double[p];
        for (int t = 0; t < n; t++) {
            double r = resid[t];
            if (Math.abs(r) > limit && !Double.isNaN(raw[t])) {
                double shift = Math.max(-limit, Math.min(limit, r)) - r;
                sums.row(t, row);
                for (int c : cols) {
                    clipped[c] += row[c] * shift;
                }
            }
        }
        return solve(xtx, clipped, p, cols);
    }

    private static double[] solve(double[] xtx, double[] xty, int p, int[] cols) {
        int k = cols.length;
        double[] a = new double[k * k];
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            y[i] = xty[cols[i]];
            for (int j = 0; j <= i; j++) {
                a[i * k + j] = xtx[cols[i] * p + cols[j]];
            }
        }
        return ArmaFit.solveSpd(a, y, k);
    }

    private static double dot(double[] row, int[] cols, double[] beta) {
        double s = 0;
        for (int i = 0; i < cols.length; i++) {
            s += row[cols[i]] * beta[i];
        }
        return s;
    }

    /**
     * Columns: intercept, trend, then cos/sin pairs of daily harmonics 1..maxDaily, then of weekly
     * harmonics 1..maxWeekly. Column indices grow with the harmonic, so a candidate is a prefix of
     * each block and every candidate's normal equations are a sub-matrix of the full ones. The
     * daily terms are tabulated per phase of the day, the weekly ones per phase of the week; a
     * weekly period that is not a whole number of days is not used (the phases would not nest).
     */
    private static final class Fourier {
        final Seasonality seasons;
        final int day;
        final int week;
        final int maxDaily;
        final int maxWeekly;
        final int columns;
        /** The longest season: every Fourier term is a function of {@code t % period}. */
        final int period;
        /** {@code daily[phase * 2·maxDaily + 2(k-1)]} = cos, {@code +1} = sin of harmonic k. */
        final double[] daily;
        final double[] weekly;

        Fourier(Seasonality seasons) {
            this.seasons = seasons;
            day = seasons.daily();
            week = seasons.weekly() % day == 0 ? seasons.weekly() : 0;
            maxDaily = Math.min(Arrays.stream(DAILY_K).max().orElse(0), (day - 1) / 2);
            maxWeekly = week > 0 ? Arrays.stream(WEEKLY_K).max().orElse(0) : 0;
            columns = 2 + 2 * maxDaily + 2 * maxWeekly;
            period = week > 0 ? week : day;
            daily = table(day, maxDaily);
            weekly = table(week, maxWeekly);
        }


        private static double[] table(int period, int harmonics) {
            double[] cos = new double[period];
            double[] sin = new double[period];
            for (int j = 0; j < period; j++) {
                cos[j] = Math.cos(2 * Math.PI * j / period);
                sin[j] = Math.sin(2 * Math.PI * j / period);
            }
            double[] table = new double[period * 2 * harmonics];
            for (int phase = 0; phase < period; phase++) {
                int j = 0;
                for (int k = 0; k < harmonics; k++) {
                    j += phase;
                    if (j >= period) {
                        j -= period;
                    }
                    table[phase * 2 * harmonics + 2 * k] = cos[j];
                    table[phase * 2 * harmonics + 2 * k + 1] = sin[j];
                }
            }
            return table;
        }

        int[] columns(boolean trend, int kd, int kw) {
            kd = Math.min(kd, maxDaily);
            kw = Math.min(kw, maxWeekly);
            int[] cols = new int[1 + (trend ? 1 : 0) + 2 * kd + 2 * kw];
            int i = 0;
            cols[i++] = 0;
            if (trend) {
                cols[i++] = 1;
            }
            for (int c = 2; c < 2 + 2 * kd; c++) {
                cols[i++] = c;
            }
            for (int c = 2 + 2 * maxDaily; c < 2 + 2 * maxDaily + 2 * kw; c++) {
                cols[i++] = c;
            }
            return cols;
        }
    }

    /** Count, trend and value of the present samples summed per phase of the longest season. */
    private static final class Sums {
        final Fourier fourier;
        /** The trend runs from -0.5 at the first sample to 0.5 at the end of the horizon. */
        final double length;
        final double[] count;
        final double[] trend;
        final double[] value;
        double trendSquares;
        double trendValue;

        Sums(Fourier fourier, int length) {
            this.fourier = fourier;
            this.length = length;
            count = new double[fourier.period];
            trend = new double[fourier.period];
            value = new double[fourier.period];
        }

        double trendAt(int t) {
            return (t - 0.5 * length) / length;
        }

        void add(double[] raw, int from, int to) {
            int period = fourier.period;
            int phase = from % period;
            for (int t = from; t < to; t++) {
                double v = raw[t];
                if (!Double.isNaN(v)) {
                    double tr = trendAt(t);
                    count[phase]++;
                    trend[phase] += tr;
                    value[phase] += v;
                    trendSquares += tr * tr;
                    trendValue += tr * v;
                }
                if (++phase == period) {
                    phase = 0;
                }
            }
        }

        /** Lower triangle of X'X (p×p, row-major) and X'y of the full design over the added samples. */
        void normalEquations(double[] xtx, double[] xty) {
            int p = fourier.columns;
            int day = fourier.day;
            int nd = 2 * fourier.maxDaily;
            int nw = 2 * fourier.maxWeekly;
            double[] countD = count;
            double[] trendD = trend;
            double[] valueD = value;
            double[] cross = null;
            if (fourier.week > 0) {
                countD = new double[day];
                trendD = new double[day];
                valueD = new double[day];
                cross = new double[day * nw];
                double[] w = fourier.weekly;
                for (int phase = 0; phase < fourier.week; phase++) {
                    double c = count[phase];
                    if (c == 0) {
                        continue;
                    }
                    int d = phase % day;
                    double s = trend[phase];
                    double v = value[phase];
                    countD[d] += c;
                    trendD[d] += s;
                    valueD[d] += v;
                    int base = phase * nw;
                    for (int m = 0; m < nw; m++) {
                        double f = w[base + m];
                        int col = 2 + nd + m;
                        int r = col * p;
                        xtx[r] += c * f;
                        xtx[r + 1] += s * f;
                        xty[col] += v * f;
                        double cf = c * f;
                        for (int m2 = 0; m2 <= m; m2++) {
                            xtx[r + 2 + nd + m2] += cf * w[base + m2];
                        }
                        cross[d * nw + m] += cf;
                    }
                }
            }
            double[] dt = fourier.daily;
            double c0 = 0;
            double s0 = 0;
            double v0 = 0;
            for (int d = 0; d < day; d++) {
                double c = countD[d];
                if (c == 0) {
                    continue;
                }
                double s = trendD[d];
                double v = valueD[d];
                c0 += c;
                s0 += s;
                v0 += v;
                int base = d * nd;
                for (int i = 0; i < nd; i++) {
                    double f = dt[base + i];
                    int r = (2 + i) * p;
                    xtx[r] += c * f;
                    xtx[r + 1] += s * f;
                    xty[2 + i] += v * f;
                    double cf = c * f;
                    for (int i2 = 0; i2 <= i; i2++) {
                        xtx[r + 2 + i2] += cf * dt[base + i2];
                    }
                }
                if (cross != null) {
                    for (int m = 0; m < nw; m++) {
                        double g = cross[d * nw + m];
                        int r = (2 + nd + m) * p + 2;
                        for (int i = 0; i < nd; i++) {
                            xtx[r + i] += g * dt[base + i];
                        }
                    }
                }
            }
            xtx[0] = c0;
            xtx[p] = s0;
            xtx[p + 1] = trendSquares;
            xty[0] = v0;
            xty[1] = trendValue;
        }

        void row(int t, double[] row) {
            int nd = 2 * fourier.maxDaily;
            int nw = 2 * fourier.maxWeekly;
            row[0] = 1;
            row[1] = trendAt(t);
            System.arraycopy(fourier.daily, (t % fourier.day) * nd, row, 2, nd);
            if (nw > 0) {
                System.arraycopy(fourier.weekly, (t % fourier.week) * nw, row, 2 + nd, nw);
            }
        }

        /** The Fourier part of a fit per phase of the longest season. */
        double[] seasonal(int[] cols, double[] beta) {
            int period = fourier.period;
            int nd = 2 * fourier.maxDaily;
            int nw = 2 * fourier.maxWeekly;
            double[] s = new double[period];
            for (int phase = 0; phase < period; phase++) {
                int db = (phase % fourier.day) * nd - 2;
                int wb = nw > 0 ? (phase % fourier.week) * nw - 2 - nd : 0;
                double v = 0;
                for (int i = 0; i < cols.length; i++) {
                    int c = cols[i];
                    if (c >= 2) {
                        v += beta[i] * (c < 2 + nd ? fourier.daily[db + c] : fourier.weekly[wb + c]);
                    }
                }
                s[phase] = v;
            }
            return s;
        }

        double fitted(int t, double[] seasonal, int[] cols, double[] beta) {
            double v = beta[0] + seasonal[t % fourier.period];
            return cols.length > 1 && cols[1] == 1 ? v + beta[1] * trendAt(t) : v;
        }
    }
}
