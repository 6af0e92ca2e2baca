package dev.headroom.forecast.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.forecast.ForecastModel;
import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EtsTest {
    private static final int DAY = 288;
    private final ForecastModel ets = new Ets();

    static History history(double[] y) {
        return new History("s", Instant.parse("2024-01-01T00:00:00Z"), Duration.ofMinutes(5), y);
    }

    static double[] run(ForecastModel m, double[] y, int horizon) {
        History h = history(y);
        double[] f = m.forecast(h, horizon, Seasonality.of(h));
        assertThat(f).hasSize(horizon);
        for (double v : f) {
            assertThat(Double.isFinite(v)).isTrue();
        }
        return f;
    }

    @Test
    void flatSeriesGivesAFlatForecast() {
        double[] y = new double[500];
        Arrays.fill(y, 42.5);
        assertThat(run(ets, y, 96)).containsOnly(42.5);
    }

    @Test
    void followsALevelShift() {
        Random r = new Random(3);
        double[] y = new double[400];
        for (int t = 0; t < y.length; t++) {
            y[t] = (t < 340 ? 10 : 30) + r.nextGaussian();
        }
        for (double v : run(ets, y, 48)) {
            assertThat(v).isCloseTo(30, within(2.0));
        }
    }

    @Test
    void extrapolatesALinearTrend() {
        Random r = new Random(5);
        double[] y = new double[500];
        for (int t = 0; t < y.length; t++) {
            y[t] = 0.5 * t + 0.1 * r.nextGaussian();
        }
        double[] f = run(ets, y, 20);
        for (int k = 0; k < f.length; k++) {
            // the damped trend keeps most of the slope over a short horizon
            assertThat(f[k]).isCloseTo(0.5 * (y.length + k), within(0.5 + 0.15 * k));
        }
        assertThat(f[19]).isGreaterThan(f[0] + 5);
    }

    @Test
    void reprojectsTheDailySeason() {
        Random r = new Random(11);
        double[] y = new double[5 * DAY];
        for (int t = 0; t < y.length; t++) {
            y[t] = 50 + 20 * Math.sin(2 * Math.PI * t / DAY) + r.nextGaussian();
        }
        double[] f = run(ets, y, DAY);
        double err = 0;
        for (int k = 0; k < DAY; k++) {
            err += Math.abs(f[k] - 50 - 20 * Math.sin(2 * Math.PI * (y.length + k) / DAY));
        }
        assertThat(err / DAY).isLessThan(1.0);
    }

    @Test
    void aSpikeAtTheEndBarelyMovesTheLevel() {
        Random r = new Random(13);
        double[] y = new double[300];
        for (int t = 0; t < y.length; t++) {
            y[t] = 20 + r.nextGaussian();
        }
        y[y.length - 1] = 500;
        for (double v : run(ets, y, 48)) {
            assertThat(v).isCloseTo(20, within(3.0));
        }
    }

    @Test
    void toleratesGapsTinyHistoriesAndHugeValues() {
        double[] gappy = new double[200];
        for (int t = 0; t < gappy.length; t++) {
            gappy[t] = t % 7 == 0 || (t > 150 && t < 190) ? Double.NaN : 5 + (t % 3);
        }
        assertThat(Arrays.stream(run(ets, gappy, 30)).boxed().toList()).allSatisfy(v -> assertThat(v).isBetween(4.0, 8.0));
        assertThat(run(ets, new double[] {3}, 5)).containsOnly(3.0);
        assertThat(Arrays.stream(run(ets, new double[] {1, 2, 3}, 5)).boxed().toList()).allSatisfy(v -> assertThat(v).isBetween(0.0, 5.0));
        double[] huge = new double[100];
        for (int t = 0; t < huge.length; t++) {
            huge[t] = t % 2 == 0 ? 1e300 : -1e300;
        }
        run(ets, huge, 10);
    }

    @Test
    void aNoisyNonNegativeSeriesNeverForecastsBelowZero() {
        Random r = new Random(17);
        double[] y = new double[576];
        for (int t = 0; t < y.length; t++) {
            y[t] = Math.max(0, 40 - 0.1 * t + 3 * r.nextGaussian());
        }
        assertThat(Arrays.stream(run(ets, y, 288)).boxed().toList()).allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(0.0));
    }
}
