package dev.headroom.forecast.bench;

import dev.headroom.forecast.AutoForecaster;
import dev.headroom.forecast.ForecastModel;
import dev.headroom.forecast.ForecastModels;
import dev.headroom.forecast.Forecaster;
import dev.headroom.forecast.History;
import dev.headroom.forecast.models.Ets;
import dev.headroom.forecast.models.GlobalModel;
import dev.headroom.forecast.models.Theta;
import dev.headroom.forecast.models.WindowMean;

import java.util.ArrayList;
import java.util.List;

/** Variants of the automatic choice for DevBench experiments (not used by the product). */
public final class AutoVariants {
    private AutoVariants() {
    }

    /** Only the strong families, combining up to three. */
    public static final class Strong implements Forecaster {
        private final Forecaster inner;

        public Strong() {
            this(new AutoForecaster(List.of(new Ets(), new Theta()), 3));
        }

        private Strong(Forecaster inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return "auto_strong";
        }

        @Override
        public dev.headroom.forecast.Forecast forecast(History history, int horizon) {
            return inner.forecast(history, horizon);
        }

        @Override
        public Forecaster prepare(List<History> pool) {
            List<ForecastModel> c = new ArrayList<>(List.of(new Ets(), new Theta(), WindowMean.all()));
            c.add(GlobalModel.train(pool));
            return new Strong(new AutoForecaster(c, 3));
        }
    }

    /** All registered candidates, single best only. */
    public static final class Single implements Forecaster {
        private final Forecaster inner;

        public Single() {
            this(new AutoForecaster(ForecastModels.candidates(), 1));
        }

        private Single(Forecaster inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return "auto_single";
        }

        @Override
        public dev.headroom.forecast.Forecast forecast(History history, int horizon) {
            return inner.forecast(history, horizon);
        }

        @Override
        public Forecaster prepare(List<History> pool) {
            return new Single(new AutoForecaster(ForecastModels.candidates(pool), 1));
        }
    }

    /** All registered candidates plus global, combining up to five. */
    public static final class Wide implements Forecaster {
        private final Forecaster inner;

        public Wide() {
            this(new AutoForecaster(ForecastModels.candidates(), 5));
        }

        private Wide(Forecaster inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return "auto_wide";
        }

        @Override
        public dev.headroom.forecast.Forecast forecast(History history, int horizon) {
            return inner.forecast(history, horizon);
        }

        @Override
        public Forecaster prepare(List<History> pool) {
            return new Wide(new AutoForecaster(ForecastModels.candidates(pool), 5));
        }
    }

    /** Strong families plus seasonal naive (day and week), combining up to three. */
    public static final class StrongSeasonal implements Forecaster {
        private final Forecaster inner;

        public StrongSeasonal() {
            this(new AutoForecaster(List.of(new Ets(), new Theta()), 3));
        }

        private StrongSeasonal(Forecaster inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return "auto_strong_s";
        }

        @Override
        public dev.headroom.forecast.Forecast forecast(History history, int horizon) {
            return inner.forecast(history, horizon);
        }

        @Override
        public Forecaster prepare(List<History> pool) {
            List<ForecastModel> c = new ArrayList<>(List.of(dev.headroom.forecast.SeasonalNaive.dailyWhereSeasonal(),
                    dev.headroom.forecast.SeasonalNaive.weeklyWhereSeasonal(), new Ets(), new Theta(), WindowMean.all()));
            c.add(GlobalModel.train(pool));
            return new StrongSeasonal(new AutoForecaster(c, 3));
        }
    }
}
