package dev.headroom.forecast.models;

import dev.headroom.forecast.ForecastModel;
import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;

/**
 * The Theta method (Assimakopoulos and Nikolopoulos; as simple smoothing with drift, Hyndman and
 * Billah 2003) on the seasonally adjusted series: the smoothed level plus half the slope of a
 * straight line through the history. The level is the same horizon-tuned, spike-clipped
 * smoothing as {@link Ets}'s.
 */
public final class Theta implements ForecastModel {

    @Override
    public String name() {
        return "theta";
    }

    @Override
    public double[] forecast(History history, int horizon, Seasonality seasons) {
        SeasonallyAdjusted window = SeasonallyAdjusted.of(history, seasons);
        double[] x = window.adjusted();
        EtsFit ses = EtsFit.fit(x, horizon, false);
        double drift = slope(x) / 2;
        double a = ses.alpha;
        // SES lags a linear trend by drift / alpha steps; the last term fades out that lag's
        // build-up on a short history
        double lag = (1 - Math.pow(1 - a, x.length)) / a;
        double[] path = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            path[k] = ses.level + drift * (k + lag);
        }
        return window.reseason(path);
    }

    /** Least-squares slope of {@code x} against its index. */
    static double slope(double[] x) {
        int n = x.length;
        if (n < 2) {
            return 0;
        }
        double tMean = (n - 1) / 2.0;
        double xMean = 0;
        for (double v : x) {
            xMean += v;
        }
        xMean /= n;
        double num = 0;
        double den = 0;
        for (int t = 0; t < n; t++) {
            double dt = t - tMean;
            num += dt * (x[t] - xMean);
            den += dt * dt;
        }
        return num / den;
    }
}
