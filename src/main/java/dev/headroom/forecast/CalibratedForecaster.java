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
    public Forecast forecast(History history, int horizon) {
        double[] mean = model.forecast(history, horizon, Seasonality.of(history));
        IntervalCalibrator.HalfWidths w = calibrator.calibrate(model, history, horizon);
        double[] l80 = new double[horizon];
        double[] u80 = new double[horizon];
        double[] l95 = new double[horizon];
        double[] u95 = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            l80[k] = mean[k] - w.w80()[k];
            u80[k] = mean[k] + w.w80()[k];
            l95[k] = mean[k] - w.w95()[k];
            u95[k] = mean[k] + w.w95()[k];
        }
        return new Forecast(history.id(), history.end(), history.step(), mean, l80, u80, l95, u95, model.name(),
                "fixed model " + model.name(), Double.NaN);
    }
}
