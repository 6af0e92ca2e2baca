package dev.headroom.forecast;

import dev.headroom.forecast.models.Naive;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class IntervalCalibratorTest {

    @Test
    void innerOriginsKeepHalfTheWindowAndSpreadOverTheRest() {
        IntervalCalibrator.Plan full = IntervalCalibrator.Plan.of(6048, 288);
        assertThat(full.horizon()).isEqualTo(288);
        assertThat(full.origins()).containsExactly(3024, 4392, 5760);

        IntervalCalibrator.Plan shortWindow = IntervalCalibrator.Plan.of(144, 48);
        assertThat(shortWindow.horizon()).isEqualTo(24);
        assertThat(shortWindow.origins()).containsExactly(72, 96, 120);

        assertThat(IntervalCalibrator.Plan.of(3, 10).origins()).containsExactly(2);
        assertThatThrownBy(() -> IntervalCalibrator.Plan.of(2, 10)).isInstanceOf(ForecastException.class);
    }

    @Test
    void widthsNeverShrinkWithTheHorizonAndGrowBeyondTheBacktest() {
        Random r = new Random(3);
        double[][] errors = new double[3][20];
        for (double[] e : errors) {
            for (int k = 0; k < e.length; k++) {
                e[k] = r.nextGaussian() * Math.sqrt(k + 1);
            }
        }
        errors[1][5] = Double.NaN;
        IntervalCalibrator.Bands b = IntervalCalibrator.fromErrors(errors, 30, IntervalLevels.DEFAULT);
        for (int k = 1; k < 30; k++) {
            assertThat(b.upperOuter()[k]).isGreaterThanOrEqualTo(b.upperOuter()[k - 1]);
            assertThat(b.upperOuter()[k]).isGreaterThanOrEqualTo(b.upperInner()[k]);
            assertThat(b.lowerOuter()[k]).isEqualTo(-b.upperOuter()[k]);
        }
        assertThat(b.upperInner()[29]).isGreaterThan(b.upperInner()[19]);
        assertThat(b.upperOuter()[19]).isGreaterThan(3 * b.upperOuter()[0] / 2);
    }

    @Test
    void perfectBacktestGivesZeroWidth() {
        IntervalCalibrator.Bands b = IntervalCalibrator.fromErrors(new double[][] {{0, 0, Double.NaN}, {0, 0, 0}}, 4,
                IntervalLevels.DEFAULT);
        assertThat(b.upperOuter()).containsOnly(0.0);
        assertThat(b.lowerInner()).containsOnly(0.0);
        assertThatThrownBy(() -> IntervalCalibrator.fromErrors(new double[][] {{Double.NaN}}, 2, IntervalLevels.DEFAULT))
                .isInstanceOf(ForecastException.class);
    }

    @Test
    void isotonicPoolsViolators() {
        assertThat(IntervalCalibrator.isotonic(new double[] {1, 3, 2, 4, 0})).containsExactly(1, 2.25, 2.25, 2.25, 2.25);
        assertThat(IntervalCalibrator.isotonic(new double[] {1, 3, 2, 4})).containsExactly(1, 2.5, 2.5, 4);
    }

    @Test
    void conformalQuantilesUseTheFiniteSampleRank() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertThat(IntervalCalibrator.upperQuantile(sorted, 0.8)).isEqualTo(8);
        assertThat(IntervalCalibrator.upperQuantile(sorted, 0.95)).isEqualTo(9);
        assertThat(IntervalCalibrator.lowerQuantile(sorted, 0.05)).isEqualTo(1);
        assertThat(IntervalCalibrator.lowerQuantile(sorted, 0.2)).isEqualTo(2);
    }

    @Test
    void singleModelIntervalsCoverWhiteNoiseNominally() {
        Random r = new Random(11);
        CalibratedForecaster mean = new CalibratedForecaster(dev.headroom.forecast.models.WindowMean.all(),
                new IntervalCalibrator());
        int in80 = 0;
        int in95 = 0;
        int total = 0;
        for (int s = 0; s < 300; s++) {
            double[] y = Synthetic.arSeason(330, 20, 0, 0, 3, r);
            Forecast f = mean.forecast(Synthetic.of(Arrays.copyOf(y, 300)), 30);
            for (int k = 0; k < 30; k++) {
                in80 += y[300 + k] >= f.lowerInner()[k] && y[300 + k] <= f.upperInner()[k] ? 1 : 0;
                in95 += y[300 + k] >= f.lowerOuter()[k] && y[300 + k] <= f.upperOuter()[k] ? 1 : 0;
                total++;
            }
        }
        // calibrated to miss less than nominal (the backtest understates real drift), so a
        // stationary series is covered a little more often
        assertThat((double) in80 / total).isCloseTo(0.83, within(0.03));
        assertThat((double) in95 / total).isCloseTo(0.96, within(0.02));
    }

    @Test
    void missTargetsAreExactlyTheMeasuredRatesAtTheDefaultLevels() {
        assertThat(IntervalCalibrator.missTarget(0.80)).isEqualTo(0.15);
        assertThat(IntervalCalibrator.missTarget(0.95)).isEqualTo(0.025);
    }

    @Test
    void missTargetsFollowOnePowerLawAndStayBelowNominal() {
        // a fourfold cut of the nominal miss rate is a sixfold cut of the aim, at any level
        assertThat(IntervalCalibrator.missTarget(0.99) / IntervalCalibrator.missTarget(0.96))
                .isCloseTo(1.0 / 6, within(1e-6));
        assertThat(IntervalCalibrator.missTarget(0.50)).isCloseTo(0.49, within(0.005));
        assertThat(IntervalCalibrator.missTarget(0.90)).isCloseTo(0.0612, within(0.0005));
        double previous = 1;
        for (int percent = 50; percent < 100; percent++) {
            double level = percent / 100.0;
            double target = IntervalCalibrator.missTarget(level);
            assertThat(target).as("level %s", level).isLessThan(1 - level + 1e-12).isGreaterThan(0)
                    .isLessThan(previous);
            previous = target;
        }
    }

    @Test
    void fiftyAndNinetyPercentBandsCoverWhiteNoiseNearNominal() {
        Random r = new Random(23);
        CalibratedForecaster mean = new CalibratedForecaster(dev.headroom.forecast.models.WindowMean.all(),
                new IntervalCalibrator());
        IntervalLevels levels = new IntervalLevels(0.50, 0.90);
        int inInner = 0;
        int inOuter = 0;
        int total = 0;
        for (int s = 0; s < 300; s++) {
            double[] y = Synthetic.arSeason(330, 20, 0, 0, 3, r);
            Forecast f = mean.forecast(Synthetic.of(Arrays.copyOf(y, 300)), 30, levels);
            assertThat(f.levels()).isEqualTo(levels);
            for (int k = 0; k < 30; k++) {
                inInner += y[300 + k] >= f.lowerInner()[k] && y[300 + k] <= f.upperInner()[k] ? 1 : 0;
                inOuter += y[300 + k] >= f.lowerOuter()[k] && y[300 + k] <= f.upperOuter()[k] ? 1 : 0;
                total++;
            }
        }
        // the same slight over-coverage of a stationary series as at 80 % and 95 %
        assertThat((double) inInner / total).isCloseTo(0.52, within(0.04));
        assertThat((double) inOuter / total).isCloseTo(0.92, within(0.025));
    }

    @Test
    void bandsAtOtherLevelsNestAroundTheDefaultOnes() {
        Random r = new Random(5);
        double[][] errors = new double[3][24];
        for (double[] e : errors) {
            for (int k = 0; k < e.length; k++) {
                e[k] = r.nextGaussian();
            }
        }
        IntervalCalibrator.Bands narrow = IntervalCalibrator.fromErrors(errors, 24, new IntervalLevels(0.5, 0.9));
        IntervalCalibrator.Bands standard = IntervalCalibrator.fromErrors(errors, 24, IntervalLevels.DEFAULT);
        assertThat(narrow.levels()).isEqualTo(new IntervalLevels(0.5, 0.9));
        for (int k = 0; k < 24; k++) {
            assertThat(narrow.upperInner()[k]).isLessThan(standard.upperInner()[k]);
            assertThat(narrow.upperOuter()[k]).isBetween(standard.upperInner()[k], standard.upperOuter()[k]);
        }
    }

    @Test
    void calibratedForecasterCentresTheBandsOnItsModel() {
        double[] y = new double[100];
        for (int t = 0; t < y.length; t++) {
            y[t] = t % 2 == 0 ? 10 : 12;
        }
        Forecast f = new CalibratedForecaster(new Naive(), new IntervalCalibrator()).forecast(Synthetic.of(y), 5);
        assertThat(f.mean()).containsOnly(12.0);
        assertThat(f.upperInner()[0] - 12).isCloseTo(12 - f.lowerInner()[0], within(1e-12));
        assertThat(f.model()).isEqualTo("naive");
    }
}
