package dev.headroom.forecast.models;

import java.util.Arrays;

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
        double[] xtx = new double[k * k];
        double[] xty = new double[k];
        double[] row = new double[k];
        for (int t = from; t < n; t++) {
            for (int i = 0; i < maxP; i++) {
                row[i] = x[t - 1 - i];
            }
            for (int j = 0; j < maxQ; j++) {
                row[maxP + j] = e[t - 1 - j];
            }
            for (int a = 0; a < k; a++) {
                double ra = row[a];
                xty[a] += ra * x[t];
                for (int b = 0; b <= a; b++) {
                    xtx[a * k + b] += ra * row[b];
                }
            }
        }
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
                if (!stationary(phi) || !invertible(theta)) {
                    continue;
                }
                ArmaFit fit = evaluate(x, phi, theta, from, extraK);
                if (fit.aicc < best.aicc) {
                    best = fit;
                }
            }
        }
        return best;
    }

    private static ArmaFit evaluate(double[] x, double[] phi, double[] theta, int from, int extraK) {
        int n = x.length;
        double[] r = residuals(x, phi, theta);
        double sse = 0;
        for (int t = from; t < n; t++) {
            sse += r[t] * r[t];
        }
        int m = Math.max(1, n - from);
        double sigma2 = Math.max(sse / m, 1e-300);
        int k = phi.length + theta.length + 1 + extraK;
        double aicc = m * Math.log(sigma2) + 2.0 * k + (m - k - 1 > 0 ? 2.0 * k * (k + 1) / (m - k - 1) : 1e9);
        return new ArmaFit(phi, theta, r, aicc);
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
        // every lag's sum runs over t in the same order as one sum per lag would, but the lags
        // advance together, so the additions do not wait on each other
        double[] acov = new double[order + 1];
        for (int t = 0; t < n; t++) {
            double xt = x[t];
            int lags = Math.min(order, t);
            for (int lag = 0; lag <= lags; lag++) {
                acov[lag] += xt * x[t - lag];
            }
        }
        for (int lag = 0; lag <= order; lag++) {
            acov[lag] /= n;
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

    static double[] residuals(double[] x, double[] phi, double[] theta) {
        int n = x.length;
        int p = phi.length;
        int q = theta.length;
        double[] e = new double[n];
        for (int t = 0; t < n; t++) {
            double v = x[t];
            for (int i = 1; i <= p && i <= t; i++) {
                v -= phi[i - 1] * x[t - i];
            }
            for (int j = 1; j <= q && j <= t; j++) {
                v -= theta[j - 1] * e[t - j];
            }
            e[t] = v;
        }
        return e;
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
