package dev.headroom.forecast.models;

import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

import static dev.headroom.forecast.models.ArimaTest.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DhrTest {
    private static final int DAY = 288;
    private final Dhr dhr = new Dhr();

    private static double daily(int t) {
        double a = 2 * Math.PI * t / DAY;
        return 40 + 15 * Math.sin(a) + 5 * Math.cos(2 * a);
    }

    private static double[] series(int n, long seed, double noise, IntToDoubleFunction signal) {
        Random random = new Random(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = signal.applyAsDouble(t) + noise * random.nextGaussian();
        }
        return y;
    }

    private static double maxError(double[] f, int start, IntToDoubleFunction truth) {
        double max = 0;
        for (int k = 0; k < f.length; k++) {
            max = Math.max(max, Math.abs(f[k] - truth.applyAsDouble(start + k)));
        }
        return max;
    }

    private double[] forecast(double[] y, int horizon) {
        History h = history(y);
        return dhr.forecast(h, horizon, Seasonality.of(h));
    }

    @Test
    void dailySeasonIsRecovered() {
        double[] y = series(4 * DAY, 1, 0.5, DhrTest::daily);

        assertThat(maxError(forecast(y, DAY), y.length, DhrTest::daily)).isLessThan(1.5);
    }

    @Test
    void weeklySeasonIsRecoveredWithTwoWeeks() {
        IntToDoubleFunction truth = t -> daily(t) + 10 * Math.sin(2 * Math.PI * t / (7 * DAY));
        double[] y = series(15 * DAY, 2, 0.5, truth);

        assertThat(maxError(forecast(y, DAY), y.length, truth)).isLessThan(1.5);
    }

    @Test
    void linearTrendIsExtrapolated() {
        IntToDoubleFunction truth = t -> daily(t) + 0.02 * t;
        double[] y = series(6 * DAY, 3, 0.5, truth);

        assertThat(maxError(forecast(y, DAY), y.length, truth)).isLessThan(2.0);
    }

    @Test
    void gapsAreSkipped() {
        double[] y = series(5 * DAY, 4, 0.5, DhrTest::daily);
        Arrays.fill(y, DAY, 2 * DAY, Double.NaN);
        Arrays.fill(y, 5 * DAY - 20, 5 * DAY, Double.NaN);

        assertThat(maxError(forecast(y, DAY), y.length, DhrTest::daily)).isLessThan(2.0);
    }

    @Test
    void spikesDoNotBendTheSeason() {
        double[] y = series(5 * DAY, 5, 0.5, DhrTest::daily);
        for (int t = 100; t < y.length; t += 97) {
            y[t] += 500;
        }

        assertThat(maxError(forecast(y, DAY), y.length, DhrTest::daily)).isLessThan(3.0);
    }

    @Test
    void levelShiftNearTheEndIsCarriedForward() {
        IntToDoubleFunction truth = t -> daily(t) + (t >= 5 * DAY ? 20 : 0);
        double[] y = series(6 * DAY, 6, 0.5, truth);

        double[] f = forecast(y, DAY / 4);

        assertThat(maxError(f, y.length, truth)).isLessThan(4.0);
    }

    @Test
    void flatSeriesGivesFlatForecast() {
        double[] y = new double[3 * DAY];
        Arrays.fill(y, 12);

        assertThat(forecast(y, DAY)).containsOnly(12.0);
    }

    @Test
    void withoutSeasonItIsArima() {
        double[] y = series(DAY, 7, 2, t -> 30);

        assertThat(forecast(y, 48)).containsExactly(new Arima().forecast(history(y), 48, Seasonality.NONE),
                within(0.0));
    }
}
