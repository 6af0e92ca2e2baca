package dev.headroom.forecast;

/** The forecaster the product uses; one place so that the console, the CLI and the benchmark agree. */
public final class Forecasters {
    private Forecasters() {
    }

    /** The automatic choice over the registered model families, with calibrated intervals. */
    public static Forecaster standard() {
        return AutoForecaster.create();
    }
}
