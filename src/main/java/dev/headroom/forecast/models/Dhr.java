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
 * <p>Cost: the normal equations of the largest design are accumulated once (missing samples are
 * skipped), every candidate is a sub-matrix of them, so a fit is O(n·p²) with p ≤ 2 + 2·(8 + 3).
 * Without an allowed season the model is {@link Arima}.
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
        Design design = new Design(n + horizon, seasons);
        int p = design.columns;
        int hold = Math.min(horizon, seasons.daily());
        double[] xtxTrain = new double[p * p];
        double[] xtyTrain = new double[p];
        double[] xtxHold = new double[p * p];
        double[] xtyHold = new double[p];
        double[] row = new double[p];
        int cached = Math.min(n, hold + ANCHOR);
        double[][] tailRows = new double[cached][p];
        for (int t = 0; t < n; t++) {
            if (Double.isNaN(raw[t])) {
                continue;
            }
            boolean train = t < n - hold;
            double[] r = t >= n - cached ? tailRows[t - (n - cached)] : row;
            design.row(t, r);
            accumulate(r, raw[t], p, train ? xtxTrain : xtxHold, train ? xtyTrain : xtyHold);
        }
        int[] best = null;
        double bestError = Double.POSITIVE_INFINITY;
        for (int trend = 0; trend <= 1; trend++) {
            for (int kd : DAILY_K) {
                for (int kw : WEEKLY_K) {
                    if (kw > 0 && seasons.weekly() == 0) {
                        continue;
                    }
                    int[] cols = design.columns(trend == 1, kd, kw);
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
        for (int i = 0; i < p * p; i++) {
            xtxTrain[i] += xtxHold[i];
        }
        for (int i = 0; i < p; i++) {
            xtyTrain[i] += xtyHold[i];
        }
        double[] beta = solve(xtxTrain, xtyTrain, p, best);
        if (beta == null) {
            return Arima.forecast(y, horizon);
        }
        double[] robust = clippedRefit(raw, design, xtxTrain, best, beta);
        if (robust != null) {
            beta = robust;
        }
        double[] resid = new double[n];
        for (int t = 0; t < n; t++) {
            design.row(t, row);
            resid[t] = raw[t] - dot(row, best, beta);
        }
        // residuals, not the filled series: filling a gap by a straight line cuts the season off
        resid = Histories.fillGaps(resid);
        double[] errors = Arima.forecast(resid, horizon);
        double[] f = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            design.row(n + k, row);
            f[k] = dot(row, best, beta) + errors[k];
            if (!Double.isFinite(f[k])) {
                return Arima.forecast(y, horizon);
            }
        }
        return f;
    }

    /**
     * Refit with every sample pulled to within {@value #CLIP} robust standard deviations of the
     * first fit, so that a few huge spikes do not bend the season. Only X'y changes, so the cost
     * is one pass over the samples; null when no clipping scale exists (a perfect fit).
     */
    private static double[] clippedRefit(double[] raw, Design design, double[] xtx, int[] cols, double[] beta) {
        int n = raw.length;
        int p = design.columns;
        double[] row = new double[p];
        double[] fitted = new double[n];
        double[] absResid = new double[n];
        int present = 0;
        for (int t = 0; t < n; t++) {
            if (!Double.isNaN(raw[t])) {
                design.row(t, row);
                fitted[t] = dot(row, cols, beta);
                absResid[present++] = Math.abs(raw[t] - fitted[t]);
            }
        }
        double limit = CLIP * 1.4826 * Arima.median(Arrays.copyOf(absResid, present));
        if (!(limit > 0)) {
            return null;
        }
        double[] xty = new double[p];
        for (int t = 0; t < n; t++) {
            if (!Double.isNaN(raw[t])) {
                double v = fitted[t] + Math.max(-limit, Math.min(limit, raw[t] - fitted[t]));
                design.row(t, row);
                for (int c : cols) {
                    xty[c] += row[c] * v;
                }
            }
        }
        return solve(xtx, xty, p, cols);
    }

    private static void accumulate(double[] row, double v, int p, double[] xtx, double[] xty) {
        for (int a = 0; a < p; a++) {
            double ra = row[a];
            xty[a] += ra * v;
            int base = a * p;
            for (int b = 0; b <= a; b++) {
                xtx[base + b] += ra * row[b];
            }
        }
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
     * each block and every candidate's normal equations are a sub-matrix of the full ones.
     */
    private static final class Design {
        final int columns;
        final int maxDaily;
        final int maxWeekly;
        final int length;
        final double[] cosDay;
        final double[] sinDay;
        final double[] cosWeek;
        final double[] sinWeek;
        final int day;
        final int week;

        Design(int length, Seasonality seasons) {
            this.length = length;
            day = seasons.daily();
            week = seasons.weekly();
            maxDaily = Math.min(Arrays.stream(DAILY_K).max().orElse(0), (day - 1) / 2);
            maxWeekly = week > 0 ? Arrays.stream(WEEKLY_K).max().orElse(0) : 0;
            columns = 2 + 2 * maxDaily + 2 * maxWeekly;
            cosDay = new double[day];
            sinDay = new double[day];
            for (int j = 0; j < day; j++) {
                cosDay[j] = Math.cos(2 * Math.PI * j / day);
                sinDay[j] = Math.sin(2 * Math.PI * j / day);
            }
            cosWeek = new double[Math.max(week, 1)];
            sinWeek = new double[Math.max(week, 1)];
            for (int j = 0; j < week; j++) {
                cosWeek[j] = Math.cos(2 * Math.PI * j / week);
                sinWeek[j] = Math.sin(2 * Math.PI * j / week);
            }
        }

        void row(int t, double[] row) {
            row[0] = 1;
            row[1] = (t - 0.5 * length) / length;
            int c = 2;
            int phase = t % day;
            int j = 0;
            for (int k = 1; k <= maxDaily; k++) {
                j += phase;
                if (j >= day) {
                    j -= day;
                }
                row[c++] = cosDay[j];
                row[c++] = sinDay[j];
            }
            int weekPhase = week > 0 ? t % week : 0;
            j = 0;
            for (int k = 1; k <= maxWeekly; k++) {
                j += weekPhase;
                if (j >= week) {
                    j -= week;
                }
                row[c++] = cosWeek[j];
                row[c++] = sinWeek[j];
            }
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
}
