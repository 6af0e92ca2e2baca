package dev.headroom.forecast.models;

import dev.headroom.forecast.ForecastException;
import dev.headroom.forecast.ForecastModel;
import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;

import java.util.Arrays;

/** Repeats the last sample: the best forecast of a random walk, and a reference for resets. */
public final class Naive implements ForecastModel {

    @Override
    public String name() {
        return "naive";
    }

    @Override
    public double[] forecast(History history, int horizon, Seasonality seasons) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (!Double.isNaN(history.value(i))) {
                double[] f = new double[horizon];
                Arrays.fill(f, history.value(i));
                return f;
            }
        }
        throw new ForecastException("no sample in the window");
    }
}
