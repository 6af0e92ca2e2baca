package dev.headroom.forecast.models;

import dev.headroom.forecast.History;

import java.util.Arrays;

/**
 * Multiple-seasonal decomposition for long periods (a day and a week of five-minute samples),
 * in the spirit of MSTL but linear in the series length: each season is a fixed profile over its
 * phases, estimated from the series with the other seasons and a moving-average trend removed,
 * and the seasons are re-estimated a couple of times against each other.
 *
 * <p>Why a profile and not a loess per cycle-subseries as in STL: with 288 or 2016 phases and
 * only 2 to 21 cycles per phase, a per-phase loess costs far more than it buys. Instead each
 * phase takes a recency-weighted mean over its cycles with values far from the phase median
 * clipped (so one spike does not print itself into every future day), and the profile is then
 * smoothed over neighbouring phases, which pools the few cycles of a weekly season.
 */
public final class Mstl {
    private static final int ITERATIONS = 2;
    /** Weight of a cycle one period older than the newest: load patterns drift over weeks. */
    private static final double CYCLE_DECAY = 0.85;
    /** Clip at this many robust scales from the phase median. */
    private static final double CLIP = 2.5;

    private Mstl() {
    }

    /**
     * A decomposition {@code y = adjusted + sum of seasons}, the adjusted part being trend plus
     * remainder.
     *
     * @param profiles one zero-mean profile per period; {@code profiles[i][t % periods[i]]} is
     *                 season {@code i} at index {@code t} of the decomposed series
     */
    public record Decomposition(double[] adjusted, int[] periods, double[][] profiles) {

        /** Sum of the seasons at indices {@code from .. from+count-1}, also beyond the series end. */
        public double[] seasonal(int from, int count) {
            double[] s = new double[count];
            for (int i = 0; i < periods.length; i++) {
                int p = periods[i];
                double[] prof = profiles[i];
                for (int k = 0; k < count; k++) {
                    s[k] += prof[(from + k) % p];
                }
            }
            return s;
        }
    }

    /**
     * Decomposes a gap-free series. Periods longer than half the series are dropped (fewer than
     * two cycles cannot tell a season from a trend); with none left the series is its own
     * adjusted part.
     */
    /**
     * As {@link #decompose(double[], int...)} for the gap-filled samples {@code filled} of
     * {@code history}. The last result on each thread is reused when the same history object is
     * decomposed again with the same periods: the automatic choice runs several smoothing
     * families on one window, and the decomposition is most of their cost. Callers must not
     * change the arrays of the returned decomposition.
     */
    public static Decomposition decompose(History history, double[] filled, int... periods) {
        Object[] last = LAST.get();
        if (last != null && last[0] == history && Arrays.equals((int[]) last[1], periods)) {
            return (Decomposition) last[2];
        }
        Decomposition d = decompose(filled, periods);
        LAST.set(new Object[] {history, periods.clone(), d});
        return d;
    }

    private static final ThreadLocal<Object[]> LAST = new ThreadLocal<>();

    public static Decomposition decompose(double[] y, int... periods) {
        int n = y.length;
        int[] usable = usable(periods, n);
        int m = usable.length;
        if (m == 0) {
            return new Decomposition(y.clone(), usable, new double[0][]);
        }
        double[][] profiles = new double[m][];
        for (int i = 0; i < m; i++) {
            profiles[i] = new double[usable[i]];
        }
        double[] x = new double[n];
        double[] work = new double[n];
        for (int it = 0; it < (m > 1 ? ITERATIONS : 1); it++) {
            for (int i = 0; i < m; i++) {
                int p = usable[i];
                System.arraycopy(y, 0, x, 0, n);
                for (int j = 0; j < m; j++) {
                    if (j != i) {
                        subtract(x, profiles[j]);
                    }
                }
                detrend(x, p, work);
                if (winsorise(x, work, profile(work, p))) {
                    detrend(x, p, work);
                }
                profiles[i] = profile(work, p);
            }
        }
        double[] adjusted = y.clone();
        for (int i = 0; i < m; i++) {
            subtract(adjusted, profiles[i]);
        }
        return new Decomposition(adjusted, usable, profiles);
    }

    private static int[] usable(int[] periods, int n) {
        int m = 0;
        int[] usable = new int[periods.length];
        for (int p : periods) {
            if (p >= 2 && 2 * p <= n) {
                usable[m++] = p;
            }
        }
        usable = Arrays.copyOf(usable, m);
        Arrays.sort(usable);
        return usable;
    }

    private static void subtract(double[] x, double[] profile) {
        int p = profile.length;
        for (int s = 0; s < x.length; s += p) {
            int len = Math.min(p, x.length - s);
            for (int ph = 0; ph < len; ph++) {
                x[s + ph] -= profile[ph];
            }
        }
    }

    /**
     * {@code out = x - trend}, the trend a centred moving average over one period; near the ends,
     * where a centred window would be cut short, the first or last full window is used so the
     * trend never contains a partial (seasonal) cycle.
     */
    private static void detrend(double[] x, int p, double[] out) {
        int n = x.length;
        int half = p / 2;
        double sum = 0;
        for (int t = 0; t < p; t++) {
            sum += x[t];
        }
        // the window starting at s serves t = s + half, the first and last windows the ends too
        double ma = sum / p;
        for (int t = 0; t <= half; t++) {
            out[t] = x[t] - ma;
        }
        for (int s = 1; s + p <= n; s++) {
            sum += x[s + p - 1] - x[s - 1];
            ma = sum / p;
            out[s + half] = x[s + half] - ma;
        }
        for (int t = n - p + half + 1; t < n; t++) {
            out[t] = x[t] - ma;
        }
    }

    /**
     * Pulls samples far off trend plus season back to the clipping limit, so that a spike cannot
     * lift the moving-average trend for a whole period around it (which the per-phase clipping
     * alone would let into the season); true when anything moved.
     */
    private static boolean winsorise(double[] x, double[] d, double[] prof) {
        int n = x.length;
        int p = prof.length;
        double[] r = new double[n];
        double dev = 0;
        for (int t = 0, ph = 0; t < n; t++) {
            r[t] = d[t] - prof[ph];
            dev += Math.abs(r[t]);
            if (++ph == p) {
                ph = 0;
            }
        }
        double limit = CLIP * 1.25 * dev / n;
        boolean moved = false;
        for (int t = 0; t < n; t++) {
            if (Math.abs(r[t]) > limit) {
                x[t] -= r[t] - Math.copySign(limit, r[t]);
                moved = true;
            }
        }
        return moved;
    }

    private static double[] profile(double[] d, int p) {
        int n = d.length;
        int cycles = (n + p - 1) / p;
        double[] med = new double[p];
        double[] buf = new double[cycles];
        for (int ph = 0; ph < p; ph++) {
            int c = 0;
            for (int t = ph; t < n; t += p) {
                buf[c++] = d[t];
            }
            med[ph] = median(buf, c);
        }
        double dev = 0;
        for (int s = 0; s < n; s += p) {
            int len = Math.min(p, n - s);
            for (int ph = 0; ph < len; ph++) {
                dev += Math.abs(d[s + ph] - med[ph]);
            }
        }
        // mean absolute deviation of a normal is 0.8 sigma
        double limit = CLIP * 1.25 * dev / n;
        double[] weight = new double[cycles];
        for (int c = 0; c < cycles; c++) {
            weight[c] = Math.pow(CYCLE_DECAY, c);
        }
        // cycle by cycle, so that the inner loop runs over adjacent phases; the weight of cycle k
        // counts cycles from the newest, which for phases past the last partial cycle is one less
        double[] num = new double[p];
        double[] den = new double[p];
        int last = n - (cycles - 1) * p;
        for (int k = 0; k < cycles; k++) {
            int s = k * p;
            int len = Math.min(p, n - s);
            double w = weight[cycles - 1 - k];
            for (int ph = 0; ph < Math.min(len, last); ph++) {
                num[ph] += w * Math.max(med[ph] - limit, Math.min(med[ph] + limit, d[s + ph]));
                den[ph] += w;
            }
            if (k < cycles - 1) {
                w = weight[cycles - 2 - k];
                for (int ph = last; ph < len; ph++) {
                    num[ph] += w * Math.max(med[ph] - limit, Math.min(med[ph] + limit, d[s + ph]));
                    den[ph] += w;
                }
            }
        }
        for (int ph = 0; ph < p; ph++) {
            num[ph] /= den[ph];
        }
        double[] smooth = circularMean(num, Math.max(1, p / 48) | 1);
        double mean = 0;
        for (double v : smooth) {
            mean += v;
        }
        mean /= p;
        for (int ph = 0; ph < p; ph++) {
            smooth[ph] -= mean;
        }
        return smooth;
    }

    private static double[] circularMean(double[] v, int window) {
        int p = v.length;
        if (window <= 1 || window >= p) {
            return v.clone();
        }
        int half = window / 2;
        double sum = 0;
        for (int k = -half; k <= half; k++) {
            sum += v[Math.floorMod(k, p)];
        }
        double[] out = new double[p];
        for (int ph = 0; ph < p; ph++) {
            out[ph] = sum / window;
            sum += v[(ph + half + 1) % p] - v[Math.floorMod(ph - half, p)];
        }
        return out;
    }

    /** The median of {@code buf[0..count-1]}, which it reorders; selection, not a full sort. */
    private static double median(double[] buf, int count) {
        switch (count) {
            case 1:
                return buf[0];
            case 2:
                return 0.5 * (buf[0] + buf[1]);
            case 3:
                return Math.max(Math.min(buf[0], buf[1]), Math.min(Math.max(buf[0], buf[1]), buf[2]));
            default:
                break;
        }
        int k = count / 2;
        double upper = select(buf, count, k);
        if (count % 2 == 1) {
            return upper;
        }
        double lower = buf[0];
        for (int i = 1; i < k; i++) {
            lower = Math.max(lower, buf[i]);
        }
        return 0.5 * (lower + upper);
    }

    /**
     * Wirth's selection: leaves the k-th smallest at {@code a[k]}, nothing larger before it and
     * nothing smaller after it, in linear expected time.
     */
    static double select(double[] a, int count, int k) {
        int lo = 0;
        int hi = count - 1;
        while (lo < hi) {
            double pivot = a[k];
            int i = lo;
            int j = hi;
            do {
                while (a[i] < pivot) {
                    i++;
                }
                while (pivot < a[j]) {
                    j--;
                }
                if (i <= j) {
                    double v = a[i];
                    a[i] = a[j];
                    a[j] = v;
                    i++;
                    j--;
                }
            } while (i <= j);
            if (j < k) {
                lo = i;
            }
            if (k < i) {
                hi = j;
            }
        }
        return a[k];
    }
}
