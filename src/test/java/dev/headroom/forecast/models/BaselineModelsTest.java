package dev.headroom.forecast.models;

import dev.headroom.forecast.ForecastException;
import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BaselineModelsTest {
    private static History of(double... v) {
        return new History("x", Instant.EPOCH, Duration.ofMinutes(5), v);
    }

    @Test
    void naiveRepeatsTheLastPresentSample() {
        assertThat(new Naive().forecast(of(1, 2, 3, Double.NaN), 3, Seasonality.NONE)).containsExactly(3, 3, 3);
        assertThatThrownBy(() -> new Naive().forecast(of(Double.NaN), 1, Seasonality.NONE))
                .isInstanceOf(ForecastException.class);
    }

    @Test
    void driftExtrapolatesALinearTrend() {
        double[] f = new Drift().forecast(of(0, 2, Double.NaN, 6, 8), 2, Seasonality.NONE);
        assertThat(f[0]).isCloseTo(10, within(1e-12));
        assertThat(f[1]).isCloseTo(12, within(1e-12));
        double[] trailingGap = new Drift().forecast(of(0, 2, 4, Double.NaN), 1, Seasonality.NONE);
        assertThat(trailingGap[0]).isCloseTo(8, within(1e-12));
        assertThatThrownBy(() -> new Drift().forecast(of(5), 1, Seasonality.NONE))
                .isInstanceOf(ForecastException.class);
    }

    @Test
    void windowMeanAveragesTheRecentPresentSamples() {
        History h = of(100, 100, 1, Double.NaN, 3, 5);
        assertThat(WindowMean.last(Duration.ofMinutes(20)).forecast(h, 2, Seasonality.NONE)).containsExactly(3, 3);
        assertThat(WindowMean.all().forecast(h, 1, Seasonality.NONE)).containsExactly(41.8);
        assertThat(WindowMean.last(Duration.ofHours(1)).name()).isEqualTo("mean_1h");
        assertThat(WindowMean.last(Duration.ofMinutes(90)).name()).isEqualTo("mean_90m");
        assertThatThrownBy(() -> WindowMean.last(Duration.ofMinutes(5)).forecast(of(1, Double.NaN), 1,
                Seasonality.NONE)).isInstanceOf(ForecastException.class);
    }
}
