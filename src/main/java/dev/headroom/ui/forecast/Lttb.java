package dev.headroom.ui.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * Largest-triangle-three-buckets down-sampling (Steinarsson, 2013): picks the points of a line
 * that keep its visual shape, so a chart draws about one point per pixel instead of 4,032 for
 * 14 days at five minutes. Peaks survive, which averaging would flatten: a spike that takes a
 * host to 100 % for five minutes is what an operator must see. Only what is drawn is thinned;
 * computations keep the full series.
 */
final class Lttb {
    private Lttb() {
    }

    /**
     * Indexes of the points to draw, ascending; all of them when there are at most
     * {@code threshold}. The first and last present points are always kept.
     *
     * <p>A missing sample ({@code NaN}) splits the line into runs that are thinned separately,
     * with the budget shared by their lengths, and one missing index is kept between two runs so
     * that the chart still shows the gap rather than bridging it.
     *
     * @param x ascending positions (e.g. epoch milliseconds)
     * @param y values, {@code NaN} where missing
     */
    static int[] select(double[] x, double[] y, int threshold) {
        int n = y.length;
        if (n <= Math.max(threshold, 2)) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        List<int[]> runs = new ArrayList<>();
        int present = 0;
        for (int i = 0; i < n; ) {
            if (Double.isNaN(y[i])) {
                i++;
                continue;
            }
            int from = i;
            while (i < n && !Double.isNaN(y[i])) {
                i++;
            }
            runs.add(new int[] {from, i});
            present += i - from;
        }
        int budget = Math.max(2 * runs.size(), threshold - (runs.size() - 1));
        List<Integer> out = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            int from = runs.get(r)[0];
            int to = runs.get(r)[1];
            int length = to - from;
            int share = (int) Math.max(Math.min(length, 2), Math.round((double) budget * length / present));
            if (r > 0) {
                out.add(runs.get(r - 1)[1]);
            }
            if (share >= length) {
                for (int i = from; i < to; i++) {
                    out.add(i);
                }
            } else {
                run(x, y, from, to, share, out);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Classic LTTB over {@code [from, to)}, all present, keeping {@code count} (≥ 2) points. */
    private static void run(double[] x, double[] y, int from, int to, int count, List<Integer> out) {
        int n = to - from;
        out.add(from);
        if (count > 2) {
            double every = (double) (n - 2) / (count - 2);
            int a = from;
            for (int b = 0; b < count - 2; b++) {
                int avgFrom = from + (int) Math.floor((b + 1) * every) + 1;
                int avgTo = Math.min(from + (int) Math.floor((b + 2) * every) + 1, to);
                double avgX = x[to - 1];
                double avgY = y[to - 1];
                if (avgTo > avgFrom) {
                    avgX = 0;
                    avgY = 0;
                    for (int i = avgFrom; i < avgTo; i++) {
                        avgX += x[i];
                        avgY += y[i];
                    }
                    avgX /= avgTo - avgFrom;
                    avgY /= avgTo - avgFrom;
                }

                int bucketFrom = from + (int) Math.floor(b * every) + 1;
                int bucketTo = from + (int) Math.floor((b + 1) * every) + 1;
                double largest = -1;
                int chosen = bucketFrom;
                for (int i = bucketFrom; i < bucketTo; i++) {
                    double area = Math.abs((x[a] - avgX) * (y[i] - y[a]) - (x[a] - x[i]) * (avgY - y[a]));
                    if (area > largest) {
                        largest = area;
                        chosen = i;
                    }
                }
                out.add(chosen);
                a = chosen;
            }
        }
        out.add(to - 1);
    }
}
