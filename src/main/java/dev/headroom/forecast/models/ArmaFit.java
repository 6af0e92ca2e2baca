package dev.headroom.forecast.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A zero-mean ARMA(p,q) fitted by Hannan–Rissanen: a long autoregression supplies residual
 * estimates and one least-squares regression on lagged values and lagged residuals gives the
 * coefficients. Closed form throughout, so a whole order search costs less than one iterative
 * likelihood fit. (A second regression on the model's own residuals did not forecast better on
 * the DEV traces and doubled the cost.)
 */
final class ArmaFit {
    final double[] phi;
    final double[] theta;
    /** Conditional residuals of {@code x} under the fitted model (0 where not defined). */
    final double[] residuals;
    final double aicc;

    private ArmaFit(double[] phi, double[] theta, double[] residuals, double aicc) {
        this.phi = phi;
        this.theta = theta;
        this.residuals = residuals;
        this.aicc = aicc;
    }

    /**
     * The AICc-best ARMA(p,q) with p <= maxP and q <= maxQ of a zero-mean series, white noise
     * when nothing better fits. Every order is regressed on the same rows, so the cross products
     * of the largest design are accumulated once and each order solves a sub-matrix of them.
     *
     * @param extraK parameters estimated outside this fit (a level) for the AICc
     */
    static ArmaFit best(double[] x, int maxP, int maxQ, int extraK) {
        int n = x.length;
        int longOrder = Math.max(2, Math.min(20, n / 10));
        int from = Math.min(n, longOrder + maxQ);
        ArmaFit best = evaluate(x, new double[0], new double[0], from, extraK);
        if (n - from < 3 * (maxP + maxQ + 2)) {
            return best;
        }
        double[] e = longArResiduals(x, longOrder);
        int k = maxP + maxQ;
        // column c of the design is series[c] lagged by lag[c]; the last "column" is x itself
        double[][] series = new double[k + 1][];
        int[] lag = new int[k + 1];
        for (int i = 0; i < maxP; i++) {
            series[i] = x;
            lag[i] = 1 + i;
        }
        for (int j = 0; j < maxQ; j++) {
            series[maxP + j] = e;
            lag[maxP + j] = 1 + j;
        }
        series[k] = x;
        int pairs = k * (k + 1) / 2 + k;
        int[] left = new int[pairs];
        int[] right = new int[pairs];
        int pair = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                left[pair] = a;
                right[pair++] = b;
            }
            left[pair] = a;
            right[pair++] = k;
        }
        double[] sums = crossSums(series, lag, left, right, from, n);
        double[] xtx = new double[k * k];
        double[] xty = new double[k];
        for (int i = 0; i < pairs; i++) {
            if (right[i] == k) {
                xty[left[i]] = sums[i];
            } else {
                xtx[left[i] * k + right[i]] = sums[i];
            }
        }
        List<double[]> phis = new ArrayList<>();
        List<double[]> thetas = new ArrayList<>();
        for (int p = 0; p <= maxP; p++) {
            for (int q = 0; q <= maxQ; q++) {
                if (p + q == 0) {
                    continue;
                }
                int m = p + q;
                double[] sub = new double[m * m];
                double[] rhs = new double[m];
                for (int i = 0; i < m; i++) {
                    int ci = i < p ? i : maxP + i - p;
                    rhs[i] = xty[ci];
                    for (int j = 0; j <= i; j++) {
                        int cj = j < p ? j : maxP + j - p;
                        sub[i * m + j] = xtx[ci * k + cj];
                    }
                }
                double[] beta = solveSpd(sub, rhs, m);
                if (beta == null) {
                    continue;
                }
                double[] phi = Arrays.copyOf(beta, p);
                double[] theta = Arrays.copyOfRange(beta, p, m);
                if (stationary(phi) && invertible(theta)) {
                    phis.add(phi);
                    thetas.add(theta);
                }
            }
        }
        int count = phis.size();
        double[][] residuals = new double[count][n];
        double[] sse = residuals(x, phis.toArray(new double[0][]), thetas.toArray(new double[0][]), residuals, from);
        for (int c = 0; c < count; c++) {
            ArmaFit fit = fit(phis.get(c), thetas.get(c), residuals[c], sse[c], n - from, extraK);
            if (fit.aicc < best.aicc) {
                best = fit;
            }
        }
        return best;
    }

    /**
     * For each pair i, the sum over t in [from, n) of series[left[i]][t - lag[left[i]]] times
     * series[right[i]][t - lag[right[i]]], in increasing t. Four pairs share a pass so that their
     * additions overlap instead of each waiting on the previous one.
     */
    private static double[] crossSums(double[][] series, int[] lag, int[] left, int[] right, int from, int n) {
        int pairs = left.length;
        double[] sums = new double[pairs];
        int i = 0;
        for (; i + 4 <= pairs; i += 4) {
            double[] a0 = series[left[i]];
            double[] b0 = series[right[i]];
            double[] a1 = series[left[i + 1]];
            double[] b1 = series[right[i + 1]];
            double[] a2 = series[left[i + 2]];
            double[] b2 = series[right[i + 2]];
            double[] a3 = series[left[i + 3]];
            double[] b3 = series[right[i + 3]];
            int la0 = lag[left[i]];
            int lb0 = lag[right[i]];
            int la1 = lag[left[i + 1]];
            int lb1 = lag[right[i + 1]];
            int la2 = lag[left[i + 2]];
            int lb2 = lag[right[i + 2]];
            int la3 = lag[left[i + 3]];
            int lb3 = lag[right[i + 3]];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int t = from; t < n; t++) {
                s0 += a0[t - la0] * b0[t - lb0];
                s1 += a1[t - la1] * b1[t - lb1];
                s2 += a2[t - la2] * b2[t - lb2];
                s3 += a3[t - la3] * b3[t - lb3];
            }
            sums[i] = s0;
            sums[i + 1] = s1;
            sums[i + 2] = s2;
            sums[i + 3] = s3;
        }
        for (; i < pairs; i++) {
            double[] a = series[left[i]];
            double[] b = series[right[i]];
            int la = lag[left[i]];
            int lb = lag[right[i]];
            double s = 0;
            for (int t = from; t < n; t++) {
                s += a[t - la] * b[t - lb];
            }
            sums[i] = s;
        }
        return sums;
    }

    private static ArmaFit evaluate(double[] x, double[] phi, double[] theta, int from, int extraK) {
        double[][] r = new double[1][x.length];
        double[] sse = residuals(x, new double[][] {phi}, new double[][] {theta}, r, from);
        return fit(phi, theta, r[0], sse[0], x.length - from, extraK);
    }

    private static ArmaFit fit(double[] phi, double[] theta, double[] residuals, double sse, int rows, int extraK) {
        int m = Math.max(1, rows);
        double sigma2 = Math.max(sse / m, 1e-300);
        int k = phi.length + theta.length + 1 + extraK;
        double aicc = m * Math.log(sigma2) + 2.0 * k + (m - k - 1 > 0 ? 2.0 * k * (k + 1) / (m - k - 1) : 1e9);
        return new ArmaFit(phi, theta, residuals, aicc);
    }

    /** Point forecasts of {@code x} for the next {@code h} steps (future shocks are zero). */
    double[] forecast(double[] x, int h) {
        int n = x.length;
        int p = phi.length;
        int q = theta.length;
        double[] f = new double[h];
        for (int k = 0; k < h; k++) {
            double v = 0;
            for (int i = 1; i <= p; i++) {
                int t = n + k - i;
                v += phi[i - 1] * (t >= n ? f[t - n] : t >= 0 ? x[t] : 0);
            }
            for (int j = 1; j <= q; j++) {
                int t = n + k - j;
                if (t < n && t >= 0) {
                    v += theta[j - 1] * residuals[t];
                }
            }
            f[k] = v;
        }
        return f;
    }

    /**
     * Residuals of a Yule–Walker autoregression of order {@code order}; they stand in for the
     * unobserved shocks when the MA part is regressed.
     */
    static double[] longArResiduals(double[] x, int order) {
        int n = x.length;
        double[] acov = new double[order + 1];
        int lag = 0;
        // four lags per pass, each summed over t in order: the same sums, but four additions in
        // flight instead of each waiting on the previous one
        for (; lag + 3 <= order; lag += 4) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int t = lag;
            for (; t < n && t < lag + 3; t++) {
                double xt = x[t];
                s0 += xt * x[t - lag];
                if (t > lag) {
                    s1 += xt * x[t - lag - 1];
                }
                if (t > lag + 1) {
                    s2 += xt * x[t - lag - 2];
                }
            }
            for (; t < n; t++) {
                double xt = x[t];
                s0 += xt * x[t - lag];
                s1 += xt * x[t - lag - 1];
                s2 += xt * x[t - lag - 2];
                s3 += xt * x[t - lag - 3];
            }
            acov[lag] = s0 / n;
            acov[lag + 1] = s1 / n;
            acov[lag + 2] = s2 / n;
            acov[lag + 3] = s3 / n;
        }
        for (; lag <= order; lag++) {
            double s = 0;
            for (int t = lag; t < n; t++) {
                s += x[t] * x[t - lag];
            }
            acov[lag] = s / n;
        }
        double[] a = durbinLevinson(acov, order);
        double[] e = new double[n];
        int t = order;
        // four samples at a time for the same reason; each one's subtractions keep their order
        for (; t + 3 < n; t += 4) {
            double v0 = x[t];
            double v1 = x[t + 1];
            double v2 = x[t + 2];
            double v3 = x[t + 3];
            for (int i = 1; i <= order; i++) {
                double c = a[i - 1];
                v0 -= c * x[t - i];
                v1 -= c * x[t + 1 - i];
                v2 -= c * x[t + 2 - i];
                v3 -= c * x[t + 3 - i];
            }
            e[t] = v0;
            e[t + 1] = v1;
            e[t + 2] = v2;
            e[t + 3] = v3;
        }
        for (; t < n; t++) {
            double v = x[t];
            for (int i = 1; i <= order; i++) {
                v -= a[i - 1] * x[t - i];
            }
            e[t] = v;
        }
        return e;
    }

    private static double[] durbinLevinson(double[] acov, int order) {
        double[] a = new double[order];
        if (acov[0] <= 0) {
            return a;
        }
        double[] prev = new double[order];
        double v = acov[0];
        for (int k = 1; k <= order; k++) {
            double num = acov[k];
            for (int j = 1; j < k; j++) {
                num -= prev[j - 1] * acov[k - j];
            }
            double r = num / v;
            a[k - 1] = r;
            for (int j = 1; j < k; j++) {
                a[j - 1] = prev[j - 1] - r * prev[k - j - 1];
            }
            v *= 1 - r * r;
            if (v <= 0) {
                break;
            }
            System.arraycopy(a, 0, prev, 0, k);
        }
        return a;
    }

    /**
     * Writes the conditional residuals of {@code x} under each model c into {@code e[c]} and
     * returns their sums of squares over [from, n). The models advance together, one sample at a
     * time: each recursion waits on its own previous residual, so running them side by side
     * overlaps the waits. Every residual and sum is computed in the same order as one model at
     * a time would.
     */
    static double[] residuals(double[] x, double[][] phi, double[][] theta, double[][] e, int from) {
        int n = x.length;
        int models = phi.length;
        double[] sse = new double[models];
        boolean padded = maxOrder(phi) <= 3 && maxOrder(theta) <= 2;
        // the first samples, whose lags run off the start, one model at a time
        int head = Math.min(n, padded ? 3 : Math.max(maxOrder(phi), maxOrder(theta)));
        for (int c = 0; c < models; c++) {
            double[] ph = phi[c];
            double[] th = theta[c];
            double[] ec = e[c];
            for (int t = 0; t < head; t++) {
                double v = x[t];
                for (int i = 1; i <= ph.length && i <= t; i++) {
                    v -= ph[i - 1] * x[t - i];
                }
                for (int j = 1; j <= th.length && j <= t; j++) {
                    v -= th[j - 1] * ec[t - j];
                }
                ec[t] = v;
                if (t >= from) {
                    sse[c] += v * v;
                }
            }
        }
        if (padded) {
            // coefficients padded with zeros to ARMA(3,2): a zero term leaves v unchanged, and
            // the straight-line body keeps the models' recursions side by side
            double[] a = new double[5 * models];
            for (int c = 0; c < models; c++) {
                System.arraycopy(phi[c], 0, a, 5 * c, phi[c].length);
                System.arraycopy(theta[c], 0, a, 5 * c + 3, theta[c].length);
            }
            for (int t = head; t < n; t++) {
                double x0 = x[t];
                double x1 = x[t - 1];
                double x2 = x[t - 2];
                double x3 = x[t - 3];
                boolean counted = t >= from;
                for (int c = 0, o = 0; c < models; c++, o += 5) {
                    double[] ec = e[c];
                    double v = x0 - a[o] * x1 - a[o + 1] * x2 - a[o + 2] * x3 - a[o + 3] * ec[t - 1] - a[o + 4] * ec[t - 2];
                    ec[t] = v;
                    if (counted) {
                        sse[c] += v * v;
                    }
                }
            }
            return sse;
        }
        for (int t = head; t < n; t++) {
            double xt = x[t];
            boolean counted = t >= from;
            for (int c = 0; c < models; c++) {
                double[] ph = phi[c];
                double[] th = theta[c];
                double[] ec = e[c];
                double v = xt;
                for (int i = 1; i <= ph.length; i++) {
                    v -= ph[i - 1] * x[t - i];
                }
                for (int j = 1; j <= th.length; j++) {
                    v -= th[j - 1] * ec[t - j];
                }
                ec[t] = v;
                if (counted) {
                    sse[c] += v * v;
                }
            }
        }
        return sse;
    }

    private static int maxOrder(double[][] coefficients) {
        int max = 0;
        for (double[] c : coefficients) {
            max = Math.max(max, c.length);
        }
        return max;
    }

    /** Stationary iff every reflection coefficient of the step-down recursion lies inside (-1, 1). */
    static boolean stationary(double[] phi) {
        int p = phi.length;
        double[] a = phi.clone();
        for (int k = p; k >= 1; k--) {
            double r = a[k - 1];
            if (!(Math.abs(r) < 0.999)) {
                return false;
            }
            double d = 1 - r * r;
            double[] b = new double[k - 1];
            for (int j = 1; j < k; j++) {
                b[j - 1] = (a[j - 1] + r * a[k - j - 1]) / d;
            }
            a = b;
        }
        return true;
    }

    static boolean invertible(double[] theta) {
        double[] neg = new double[theta.length];
        for (int j = 0; j < theta.length; j++) {
            neg[j] = -theta[j];
        }
        return stationary(neg);
    }

    /**
     * Solves {@code A b = y} for a symmetric positive definite {@code A} of which only the lower
     * triangle ({@code a[i*k+j]}, j <= i) is read, by Cholesky; null when A is numerically
     * singular. {@code a} and {@code y} are left unchanged.
     */
    static double[] solveSpd(double[] a, double[] y, int k) {
        double[] l = new double[k * k];
        double maxDiag = 0;
        for (int i = 0; i < k; i++) {
            maxDiag = Math.max(maxDiag, a[i * k + i]);
        }
        double tol = maxDiag * 1e-12;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * k + j];
                for (int m = 0; m < j; m++) {
                    s -= l[i * k + m] * l[j * k + m];
                }
                if (i == j) {
                    if (!(s > tol)) {
                        return null;
                    }
                    l[i * k + i] = Math.sqrt(s);
                } else {
                    l[i * k + j] = s / l[j * k + j];
                }
            }
        }
        double[] z = new double[k];
        for (int i = 0; i < k; i++) {
            double s = y[i];
            for (int m = 0; m < i; m++) {
                s -= l[i * k + m] * z[m];
            }
            z[i] = s / l[i * k + i];
        }
        double[] b = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = z[i];
            for (int m = i + 1; m < k; m++) {
                s -= l[m * k + i] * b[m];
            }
            b[i] = s / l[i * k + i];
        }
        return b;
    }
}
