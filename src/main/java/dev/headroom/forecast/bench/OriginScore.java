package dev.headroom.forecast.bench;

import dev.headroom.forecast.Forecast;

/**
 * The protocol's error measures of one forecast against the actuals of its test window. MASE and
 * MSIS are NaN when the training scale is 0.
 */
record OriginScore(double mase, double smape, double cov80, double cov95, double msis) {

    static OriginScore of(Forecast f, double[] actual, double scale) {
        double[] mean = f.mean();
        double[] l80 = f.lower80();
        double[] u80 = f.upper80();
        double[] l95 = f.lower95();
        double[] u95 = f.upper95();
        int h = actual.length;
        double abs = 0;
        double smape = 0;
        int in80 = 0;
        int in95 = 0;
        double is = 0;
        double alpha = 0.05;
        for (int k = 0; k < h; k++) {
            double y = actual[k];
            double e = Math.abs(y - mean[k]);
            abs += e;
            double denom = Math.abs(y) + Math.abs(mean[k]);
            smape += denom == 0 ? 0 : 200 * e / denom;
            if (y >= l80[k] && y <= u80[k]) {
                in80++;
            }
            if (y >= l95[k] && y <= u95[k]) {
                in95++;
            }
            is += (u95[k] - l95[k]) + (y < l95[k] ? (2 / alpha) * (l95[k] - y) : 0)
                    + (y > u95[k] ? (2 / alpha) * (y - u95[k]) : 0);
        }
        boolean scaled = scale > 0;
        return new OriginScore(scaled ? abs / h / scale : Double.NaN, smape / h, (double) in80 / h,
                (double) in95 / h, scaled ? is / h / scale : Double.NaN);
    }
}
