package dev.headroom.forecast.models;

import dev.headroom.forecast.Forecast;
import dev.headroom.forecast.Forecaster;
import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class GlobalModelTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(5);

    private static History history(String id, double[] values) {
        return new History(id, START, STEP, values);
    }

    /** AR(1) around its own mean, in its own units: the structure every series shares. */
    private static double[] ar1(Random random, int n, double phi, double mean, double unit) {
        double[] y = new double[n];
        double x = 0;
        for (int i = 0; i < n; i++) {
            x = phi * x + random.nextGaussian();
            y[i] = mean + unit * x;
        }
        return y;
    }

    private static boolean finite(double[] values) {
        return Arrays.stream(values).allMatch(Double::isFinite);
    }

    private static double meanAbsError(double[] forecast, double[] actual, int from) {
        double s = 0;
        for (int k = 0; k < forecast.length; k++) {
            s += Math.abs(forecast[k] - actual[from + k]);
        }
        return s / forecast.length;
    }

    @Test
    void sharedMeanReversionIsLearntAcrossSeriesAndBeatsNaive() {
        Random random = new Random(1);
        List<History> pool = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pool.add(history("s" + i, ar1(random, 400, 0.9, 50 + 10 * i, 0.5 + i)));
        }
        GlobalModel model = GlobalModel.train(pool);
        double modelError = 0;
        double naiveError = 0;
        for (int i = 0; i < 30; i++) {
            double[] y = ar1(random, 448, 0.9, 1000 * i, 3 + i);
            History train = history("test" + i, Arrays.copyOf(y, 400));
            double[] f = model.forecast(train, 48, Seasonality.of(train));
            double[] naive = new double[48];
            Arrays.fill(naive, y[399]);
            modelError += meanAbsError(f, y, 400) / (3 + i);
            naiveError += meanAbsError(naive, y, 400) / (3 + i);
        }
        assertThat(modelError).isLessThan(0.85 * naiveError);
    }

    @Test
    void flatSeriesGivesFlatForecast() {
        double[] flat = new double[300];
        Arrays.fill(flat, 42.5);
        GlobalModel model = GlobalModel.train(List.of(history("flat", flat), history("noise", ar1(new Random(2), 300, 0.5, 0, 1))));
        double[] f = model.forecast(history("flat", flat), 60, Seasonality.NONE);
        assertThat(f).containsOnly(42.5);
    }

    @Test
    void dailySeasonIsFollowedWhenTwoDaysAreThere() {
        Random random = new Random(3);
        List<History> pool = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double[] y = new double[288 * 4];
            for (int t = 0; t < y.length; t++) {
                y[t] = 100 + 10 * i + 20 * Math.sin(2 * Math.PI * (t + 37 * i) / 288) + random.nextGaussian();
            }
            pool.add(history("d" + i, y));
        }
        GlobalModel model = GlobalModel.train(pool);
        double[] y = new double[288 * 4];
        for (int t = 0; t < y.length; t++) {
            y[t] = 5 + 3 * Math.sin(2 * Math.PI * (t + 100) / 288) + 0.1 * random.nextGaussian();
        }
        History train = history("test", Arrays.copyOf(y, 288 * 3));
        double[] f = model.forecast(train, 288, Seasonality.of(train));
        double[] truth = new double[288];
        for (int k = 0; k < 288; k++) {
            truth[k] = 5 + 3 * Math.sin(2 * Math.PI * (288 * 3 + k + 100) / 288);
        }
        // the amplitude is 3: a flat forecast would be off by about 1.9 on average
        assertThat(meanAbsError(f, truth, 0)).isLessThan(0.6);
    }

    @Test
    void levelShiftIsFollowedWhenThePoolShiftsToo() {
        Random random = new Random(4);
        List<History> pool = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double[] y = new double[400];
            double level = 10 * i;
            for (int t = 0; t < y.length; t++) {
                if (random.nextInt(80) == 0) {
                    level += 10 * random.nextGaussian();
                }
                y[t] = level + 0.5 * random.nextGaussian();
            }
            pool.add(history("s" + i, y));
        }
        double[] y = new double[400];
        for (int t = 0; t < y.length; t++) {
            y[t] = (t < 300 ? 10 : 20) + 0.5 * random.nextGaussian();
        }
        double[] f = GlobalModel.train(pool).forecast(history("shift", y), 48, Seasonality.NONE);
        assertThat(Arrays.stream(f).min().orElseThrow()).isGreaterThan(17);
    }

    @Test
    void linearTrendIsExtrapolated() {
        Random random = new Random(5);
        List<History> pool = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double slope = 0.05 * (i + 1);
            double[] y = new double[400];
            for (int t = 0; t < y.length; t++) {
                y[t] = 100 * i + slope * t + 0.1 * random.nextGaussian();
            }
            pool.add(history("trend" + i, y));
        }
        double[] y = new double[400];
        for (int t = 0; t < y.length; t++) {
            y[t] = 3 + 0.2 * t;
        }
        double[] f = GlobalModel.train(pool).forecast(history("test", y), 24, Seasonality.NONE);
        // the last value is 82.8; the next day of the trend reaches 87.6
        assertThat(f[23]).isGreaterThan(85);
        assertThat(f[0]).isGreaterThan(82.5);
    }

    @Test
    void gapsSpikesAndTinyHistoriesNeverGiveNaN() {
        Random random = new Random(6);
        List<History> pool = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double[] y = ar1(random, 600, 0.8, 5, 1);
            Arrays.fill(y, 100 + 10 * i, 180 + 10 * i, Double.NaN);
            y[500] = 1e9;
            pool.add(history("g" + i, y));
        }
        pool.add(history("allMissing", new double[] {Double.NaN, Double.NaN}));
        pool.add(history("empty", new double[0]));
        GlobalModel model = GlobalModel.train(pool);
        for (History h : pool.subList(0, 10)) {
            assertThat(finite(model.forecast(h, 300, Seasonality.of(h)))).isTrue();
        }
        for (int n = 1; n <= 12; n++) {
            History tiny = history("tiny", Arrays.copyOf(new double[] {3, 9, 1, 7, 2, 8, 4, 6, 5, 5, 3, 9}, n));
            double[] f = model.forecast(tiny, 10, Seasonality.NONE);
            assertThat(f).hasSize(10);
            assertThat(finite(f)).isTrue();
        }
        double[] endsInGap = ar1(random, 200, 0.8, 5, 1);
        Arrays.fill(endsInGap, 150, 200, Double.NaN);
        assertThat(finite(model.forecast(history("gap", endsInGap), 48, Seasonality.NONE))).isTrue();
    }

    @Test
    void nothingAfterTheWindowsChangesTheForecast() {
        Random random = new Random(7);
        List<double[]> full = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            full.add(ar1(random, 500, 0.9, 20 * i, 1 + i));
        }
        Forecaster base = GlobalForecaster.create();
        List<History> windows = new ArrayList<>();
        List<History> otherFutures = new ArrayList<>();
        for (int i = 0; i < full.size(); i++) {
            double[] y = full.get(i);
            windows.add(history("s" + i, Arrays.copyOf(y, 400)));
            double[] changed = y.clone();
            Arrays.fill(changed, 400, 500, 1e6);
            otherFutures.add(history("s" + i, changed).head(400));
        }
        Forecast a = base.prepare(windows).forecast(windows.get(3), 48);
        Forecast b = base.prepare(otherFutures).forecast(otherFutures.get(3), 48);
        assertThat(b.mean()).containsExactly(a.mean());
        assertThat(b.upperOuter()).containsExactly(a.upperOuter());
    }

    @Test
    void unpreparedForecasterTrainsOnTheSeriesItself() {
        double[] y = ar1(new Random(8), 300, 0.8, 10, 1);
        Forecast f = GlobalForecaster.create().forecast(history("alone", y), 48);
        assertThat(f.mean()).hasSize(48);
        assertThat(f.model()).isEqualTo("global");
        for (int k = 0; k < 48; k++) {
            assertThat(f.lowerOuter()[k]).isLessThanOrEqualTo(f.lowerInner()[k]);
            assertThat(f.upperOuter()[k]).isGreaterThanOrEqualTo(f.upperInner()[k]);
        }
    }
}
