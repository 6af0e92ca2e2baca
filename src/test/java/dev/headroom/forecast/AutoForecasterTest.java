package dev.headroom.forecast;

import dev.headroom.forecast.models.Naive;
import dev.headroom.forecast.models.WindowMean;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AutoForecasterTest {
    private final Random random = new Random(42);

    @Test
    void noisyLevelIsForecastByTheMeanNotTheLastValue() {
        double[] y = Synthetic.arSeason(400, 50, 0, 0, 5, random);
        Forecast f = new AutoForecaster(List.of(new Naive(), WindowMean.all()), 1).forecast(Synthetic.of(y), 48);
        assertThat(f.model()).isEqualTo("mean");
        assertThat(f.mean()[0]).isCloseTo(50, within(1.5));
        assertThat(f.reason()).contains("lowest backtest error of 2 models: mean MASE").contains("vs naive");
        assertThat(f.backtestMase()).isFinite().isPositive();
    }

    @Test
    void strongDailySeasonIsForecastBySeasonalNaive() {
        double[] y = Synthetic.arSeason(4 * Synthetic.DAY, 50, 30, 0.3, 1, random);
        Forecast f = new AutoForecaster(List.of(new Naive(), SeasonalNaive.daily()), 1)
                .forecast(Synthetic.of(y), Synthetic.DAY);
        assertThat(f.model()).isEqualTo("snaive");
        // the peak of the next day's sine, a quarter day ahead
        assertThat(f.mean()[Synthetic.DAY / 4]).isCloseTo(80, within(6.0));
    }

    @Test
    void twoModelsWithOpposedBiasesAreCombined() {
        double[] y = Synthetic.arSeason(400, 50, 0, 0, 1, random);
        Forecast f = new AutoForecaster(List.of(shifted("high", 3), shifted("low", -3)), 3)
                .forecast(Synthetic.of(y), 24);
        assertThat(f.model()).isIn("combo(high,low)", "combo(low,high)");
        assertThat(f.reason()).startsWith("mean of the best 2 of 2 models backtested better");
        assertThat(f.mean()[0]).isCloseTo(50, within(0.5));
    }

    @Test
    void levelShiftAtTheEndIsFollowed() {
        double[] y = Synthetic.arSeason(460, 100, 0, 0, 1, random);
        for (int t = 400; t < y.length; t++) {
            y[t] -= 90;
        }
        Forecast f = AutoForecaster.create().forecast(Synthetic.of(y), 48);
        assertThat(Arrays.stream(f.mean()).boxed()).allSatisfy(v -> assertThat(v).isCloseTo(10, within(5.0)));
        assertThat(f.lowerOuter()[47]).isLessThan(10);
        assertThat(f.upperOuter()[47]).isGreaterThan(10);
    }

    @Test
    void constantWindowGetsAFlatForecastWithZeroWidthIntervals() {
        double[] y = new double[300];
        Arrays.fill(y, 7.5);
        y[100] = Double.NaN;
        Forecast f = AutoForecaster.create().forecast(Synthetic.of(y), 12);
        assertThat(f.model()).isEqualTo("flat");
        assertThat(f.reason()).contains("constant at 7.50").contains("1 missing of 300 samples");
        for (double[] bound : List.of(f.mean(), f.lowerInner(), f.upperInner(), f.lowerOuter(), f.upperOuter())) {
            assertThat(bound).containsOnly(7.5);
        }
    }

    @Test
    void tooShortHistoryGetsItsMeanWithTheReason() {
        Forecast f = AutoForecaster.create().forecast(Synthetic.of(1, 2, 3, Double.NaN, 4, 5), 6);
        assertThat(f.model()).isEqualTo("mean");
        assertThat(f.reason()).contains("only 5 samples");
        assertThat(f.mean()).containsOnly(3.0);
        assertThat(f.upperOuter()[0]).isGreaterThan(f.upperInner()[0]).isGreaterThan(3);
        assertThat(f.lowerOuter()[0]).isLessThan(f.lowerInner()[0]).isLessThan(3);
    }

    @Test
    void gapsAreFilledAndNamed() {
        double[] y = Synthetic.arSeason(3 * Synthetic.DAY, 50, 20, 0.5, 2, random);
        for (int t = 100; t < 160; t++) {
            y[t] = Double.NaN;
        }
        y[y.length - 1] = Double.NaN;
        Forecast f = AutoForecaster.create().forecast(Synthetic.of(y), Synthetic.DAY);
        assertThat(f.reason()).contains("61 missing of 864 samples filled in");
        assertThat(f.upperOuter()[0]).isGreaterThan(f.lowerOuter()[0]);
    }

    @Test
    void failingCandidatesAreSkippedWithTheirReason() {
        double[] y = Synthetic.arSeason(300, 50, 0, 0, 1, random);
        Forecast f = new AutoForecaster(List.of(failing("broken"), new Naive()), 3).forecast(Synthetic.of(y), 10);
        assertThat(f.model()).isEqualTo("naive");
        assertThat(f.reason()).contains("skipped broken (broken cannot fit)");

        Forecast none = new AutoForecaster(List.of(failing("a"), failing("b")), 3).forecast(Synthetic.of(y), 10);
        assertThat(none.model()).isEqualTo("naive");
        assertThat(none.reason()).startsWith("no model could fit (a (a cannot fit), b (b cannot fit))");
    }

    @Test
    void hugeSpikesAndAllMissingWindows() {
        double[] y = Synthetic.arSeason(600, 50, 0, 0.5, 1, random);
        y[590] = 1e300;
        y[300] = -1e300;
        Forecast f = AutoForecaster.create().forecast(Synthetic.of(y), 30);
        assertThat(Arrays.stream(f.upperOuter()).boxed()).allSatisfy(v -> assertThat(v).isFinite());

        double[] missing = new double[50];
        Arrays.fill(missing, Double.NaN);
        assertThatThrownBy(() -> AutoForecaster.create().forecast(Synthetic.of(missing), 5))
                .isInstanceOf(ForecastException.class).hasMessageContaining("every sample");
    }

    @Test
    void intervalsCoverNominallyOnSimulatedSeasonalLoad() {
        Forecaster auto = AutoForecaster.create();
        int n = 5 * Synthetic.DAY;
        int h = 48;
        int in80 = 0;
        int in95 = 0;
        int total = 0;
        for (int s = 0; s < 150; s++) {
            double[] y = Synthetic.arSeason(n + h, 50, 10, 0.5, 2, random);
            Forecast f = auto.forecast(Synthetic.of(Arrays.copyOf(y, n)), h);
            for (int k = 0; k < h; k++) {
                double a = y[n + k];
                in80 += a >= f.lowerInner()[k] && a <= f.upperInner()[k] ? 1 : 0;
                in95 += a >= f.lowerOuter()[k] && a <= f.upperOuter()[k] ? 1 : 0;
                total++;
            }
        }
        // The calibration aims at 15 % / 2.5 % misses because inner backtests understate the error
        // of real, drifting load (measured on the DEV traces); on this stationary simulation that
        // shows as slight over-coverage, which is the safe side. Under-coverage is held tight.
        assertThat((double) in80 / total).isBetween(0.77, 0.86);
        assertThat((double) in95 / total).isBetween(0.92, 0.98);
    }

    private static ForecastModel shifted(String name, double offset) {
        return new ForecastModel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double[] forecast(History history, int horizon, Seasonality seasons) {
                double[] f = WindowMean.all().forecast(history, horizon, seasons);
                return Arrays.stream(f).map(v -> v + offset).toArray();
            }
        };
    }

    private static ForecastModel failing(String name) {
        return new ForecastModel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double[] forecast(History history, int horizon, Seasonality seasons) {
                throw new ForecastException(name + " cannot fit");
            }
        };
    }
}
