package dev.headroom.forecast.bench;

import dev.headroom.forecast.Forecast;
import dev.headroom.forecast.IntervalLevels;

/**
 * The protocol's error measures of one forecast against the actuals of its test window. MASE and
 * MSIS are NaN when the training scale is 0. Coverage is of the forecast's inner and outer band
 * (80 % and 95 % at the protocol's levels); MSIS is of the outer band with
 * {@code alpha = 1 − outer level} (the protocol's 0.05).
 */
record OriginScore(double mase, double smape, double coverageInner, double coverageOuter, double msis) {

    static OriginScore of(Forecast f, double[] actual, double scale) {
        double[] mean = f.mean();
        double[] lInner = f.lowerInner();
        double[] uInner = f.upperInner();
        double[] lOuter = f.lowerOuter();
        double[] uOuter = f.upperOuter();
        int h = actual.length;
        double abs = 0;
        double smape = 0;
        int inInner = 0;
        int inOuter = 0;
        double is = 0;
        double alpha = IntervalLevels.missOf(f.levels().outer());
        for (int k = 0; k < h; k++) {
            double y = actual[k];
            double e = Math.abs(y - mean[k]);
            abs += e;
            double denom = Math.abs(y) + Math.abs(mean[k]);
            smape += denom == 0 ? 0 : 200 * e / denom;
            if (y >= lInner[k] && y <= uInner[k]) {
                inInner++;
            }
            if (y >= lOuter[k] && y <= uOuter[k]) {
                inOuter++;
            }
            is += (uOuter[k] - lOuter[k]) + (y < lOuter[k] ? (2 / alpha) * (lOuter[k] - y) : 0)
                    + (y > uOuter[k] ? (2 / alpha) * (y - uOuter[k]) : 0);
        }
        boolean scaled = scale > 0;
        return new OriginScore(scaled ? abs / h / scale : Double.NaN, smape / h, (double) inInner / h,
                (double) inOuter / h, scaled ? is / h / scale : Double.NaN);
    }
}
