package dev.headroom.forecast.models;

import dev.headroom.forecast.ForecastException;
import dev.headroom.forecast.ForecastModel;
import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;

/**
 * The last sample continued along the average slope of the window (the line through the first and
 * the last present sample): the simplest forecast of steady growth, such as disk filling up.
 */
public final class Drift implements ForecastModel {

    @Override
    public String name() {
        return "drift";
    }

    @Override
    public double[] forecast(History history, int horizon, Seasonality seasons) {
        int n = history.size();
        int first = 0;
        while (first < n && Double.isNaN(history.value(first))) {
            first++;
        }
        int last = n - 1;
        while (last > first && Double.isNaN(history.value(last))) {
            last--;
        }
        if (last <= first) {
            throw new ForecastException("drift needs at least 2 samples in the window");
        }
        double slope = (history.value(last) - history.value(first)) / (last - first);
        double[] f = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            f[k] = history.value(last) + slope * (n - last + k);
        }
        return f;
    }
}
