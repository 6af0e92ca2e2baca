package dev.headroom.forecast.models;

import dev.headroom.forecast.ForecastException;
import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ArimaTest {
    private final Arima arima = new Arima();

    static History history(double[] values) {
        return new History("s", Instant.parse("2024-01-01T00:00:00Z"), Duration.ofMinutes(5), values);
    }

    @Test
    void flatSeriesGivesFlatForecast() {
        double[] y = new double[300];
        Arrays.fill(y, 7.5);

        assertThat(arima.forecast(history(y), 48, Seasonality.NONE)).containsOnly(7.5);
    }

    @Test
    void meanRevertingLoadReturnsTowardsItsLevel() {
        Random random = new Random(3);
        double[] y = new double[400];
        double e = 0;
        for (int t = 0; t < y.length; t++) {
            e = 0.7 * e + random.nextGaussian();
            y[t] = 50 + e;
        }
        y[y.length - 1] = 58;

        double[] f = arima.forecast(history(y), 48, Seasonality.NONE);

        assertThat(f[0]).isLessThan(58).isGreaterThan(50);
        assertThat(f[47]).isCloseTo(50, within(1.0));
    }

    @Test
    void levelShiftIsFollowed() {
        Random random = new Random(5);
        double[] y = new double[400];
        for (int t = 0; t < y.length; t++) {
            y[t] = (t < 250 ? 10 : 30) + 0.5 * random.nextGaussian();
        }

        double[] f = arima.forecast(history(y), 48, Seasonality.NONE);

        assertThat(Arrays.stream(f).min().orElseThrow()).isGreaterThan(28.5);
        assertThat(Arrays.stream(f).max().orElseThrow()).isLessThan(31.5);
    }

    @Test
    void gapsAndSpikesGiveFiniteForecasts() {
        Random random = new Random(9);
        double[] y = new double[300];
        for (int t = 0; t < y.length; t++) {
            y[t] = 20 + random.nextGaussian() + (t % 37 == 0 ? 1e6 : 0);
        }
        Arrays.fill(y, 100, 140, Double.NaN);
        y[y.length - 1] = Double.NaN;

        double[] f = arima.forecast(history(y), 96, Seasonality.NONE);

        assertThat(f).hasSize(96);
        assertThat(Arrays.stream(f).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void tooShortHistoryIsRefusedWithAReason() {
        assertThatThrownBy(() -> arima.forecast(history(new double[] {1, 2, 3}), 4, Seasonality.NONE))
                .isInstanceOf(ForecastException.class)
                .hasMessageContaining("3 samples");
    }

    @Test
    void modelsRunSideBySideGiveTheResidualsOfOneAtATime() {
        Random random = new Random(12);
        double[] x = new double[300];
        for (int t = 0; t < x.length; t++) {
            x[t] = random.nextGaussian();
        }
        double[] phi = {0.5, -0.2};
        double[] theta = {0.3, 0.1};
        double[] expected = new double[x.length];
        double expectedSse = 0;
        for (int t = 0; t < x.length; t++) {
            double v = x[t];
            for (int i = 1; i <= phi.length && i <= t; i++) {
                v -= phi[i - 1] * x[t - i];
            }
            for (int j = 1; j <= theta.length && j <= t; j++) {
                v -= theta[j - 1] * expected[t - j];
            }
            expected[t] = v;
            expectedSse += t >= 5 ? v * v : 0;
        }
        // the second model is beyond ARMA(3,2), so the general loop runs instead of the padded one
        for (double[] other : new double[][] {{0.1}, {0.1, 0, 0, 0.2}}) {
            double[][] e = new double[2][x.length];
            double[] sse = ArmaFit.residuals(x, new double[][] {phi, other}, new double[][] {theta, {}}, e, 5);

            assertThat(e[0]).containsExactly(expected);
            assertThat(sse[0]).isEqualTo(expectedSse);
        }
    }

    @Test
    void arOneCoefficientIsRecovered() {
        Random random = new Random(11);
        double[] x = new double[2000];
        for (int t = 1; t < x.length; t++) {
            x[t] = 0.6 * x[t - 1] + random.nextGaussian();
        }

        ArmaFit fit = ArmaFit.best(x, 3, 2, 0);

        double[] f = fit.forecast(x, 2);
        assertThat(f[1] / f[0]).isCloseTo(0.6, within(0.08));
    }

    @Test
    void stationarityFollowsTheReflectionCoefficients() {
        assertThat(ArmaFit.stationary(new double[] {0.5, 0.3})).isTrue();
        assertThat(ArmaFit.stationary(new double[] {1.2})).isFalse();
        assertThat(ArmaFit.stationary(new double[] {0.5, 0.6})).isFalse();
        assertThat(ArmaFit.invertible(new double[] {-0.4})).isTrue();
        assertThat(ArmaFit.invertible(new double[] {1.5})).isFalse();
    }

    @Test
    void medianOfEvenAndOddSamples() {
        assertThat(Arima.median(new double[] {5, 1, 3})).isEqualTo(3);
        assertThat(Arima.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Arima.median(new double[] {2, 2, 2, 9, 2, 2})).isEqualTo(2);
    }
}
