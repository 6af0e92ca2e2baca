package dev.headroom.forecast;

/** One model family with conformal intervals from its own backtest. */
public final class CalibratedForecaster implements Forecaster {
    private final ForecastModel model;
    private final IntervalCalibrator calibrator;

    public CalibratedForecaster(ForecastModel model, IntervalCalibrator calibrator) {
        this.model = model;
        this.calibrator = calibrator;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public Forecast forecast(History history, int horizon, IntervalLevels levels) {
        double[] mean = model.forecast(history, horizon, Seasonality.of(history));
        return calibrator.calibrate(model, history, horizon, levels).around(history, mean, model.name(),
                "fixed model " + model.name(), Double.NaN);
    }
}
