package dev.headroom.forecast.models;

import static dev.headroom.forecast.models.EtsTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.forecast.ForecastModel;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThetaTest {
    private final ForecastModel theta = new Theta();

    @Test
    void driftsWithHalfTheSlopeOfATrend() {
        Random r = new Random(2);
        double[] y = new double[400];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + 0.2 * t + 0.5 * r.nextGaussian();
        }
        double[] f = run(theta, y, 48);
        assertThat((f[47] - f[0]) / 47).isCloseTo(0.1, within(0.01));
        assertThat(f[0]).isCloseTo(100 + 0.2 * y.length, within(3.0));
    }

    @Test
    void flatSeriesGivesAFlatForecast() {
        double[] y = new double[300];
        Arrays.fill(y, 7);
        assertThat(run(theta, y, 48)).containsOnly(7.0);
    }

    @Test
    void toleratesGapsAndTinyHistories() {
        double[] y = new double[120];
        for (int t = 0; t < y.length; t++) {
            y[t] = t % 5 == 0 ? Double.NaN : 10 + (t % 4);
        }
        assertThat(Arrays.stream(run(theta, y, 24)).boxed().toList()).allSatisfy(v -> assertThat(v).isBetween(8.0, 15.0));
        assertThat(run(theta, new double[] {4, 4}, 3)).containsOnly(4.0);
    }
}
