package dev.headroom.forecast;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class QuantilesTest {
    /** A normal forecast with sd 10 around 50: its intervals are exact normal quantiles. */
    static Forecast normal() {
        double z90 = 1.2815515655446004;
        double z975 = 1.959963984540054;
        return new Forecast("h/cpu", Instant.EPOCH, Duration.ofMinutes(5), new double[] {50},
                new double[] {50 - 10 * z90}, new double[] {50 + 10 * z90}, new double[] {50 - 10 * z975},
                new double[] {50 + 10 * z975}, IntervalLevels.DEFAULT, "test", "", Double.NaN);
    }

    @Test
    void inverseNormalMatchesKnownValues() {
        assertThat(Quantiles.inverseNormal(0.5)).isCloseTo(0, within(1e-9));
        assertThat(Quantiles.inverseNormal(0.95)).isCloseTo(1.6448536269514722, within(1e-8));
        assertThat(Quantiles.inverseNormal(0.01)).isCloseTo(-2.3263478740408408, within(1e-8));
        assertThat(Quantiles.inverseNormal(0.999)).isCloseTo(3.090232306167813, within(1e-8));
    }

    @Test
    void calibratedPointsAreReturnedExactlyAndTheMiddleIsInterpolated() {
        Forecast f = normal();
        assertThat(Quantiles.upper(f, 0, 0.5)).isCloseTo(50, within(1e-9));
        assertThat(Quantiles.upper(f, 0, 0.90)).isCloseTo(f.upperInnerAt(0), within(1e-6));
        assertThat(Quantiles.upper(f, 0, 0.975)).isCloseTo(f.upperOuterAt(0), within(1e-6));
        // on a normal forecast, interpolation on the normal scale is exact
        assertThat(Quantiles.upper(f, 0, 0.95)).isCloseTo(50 + 16.448536, within(1e-4));
        assertThat(Quantiles.upper(f, 0, 0.99)).isCloseTo(50 + 23.263479, within(1e-4));
    }

    /** The same normal forecast with its bands at 50 % and 90 %: upper bounds at the 0.75 and 0.95 quantiles. */
    static Forecast normalAtFiftyAndNinety() {
        double z75 = 0.6744897501960817;
        double z95 = 1.6448536269514722;
        return new Forecast("h/cpu", Instant.EPOCH, Duration.ofMinutes(5), new double[] {50},
                new double[] {50 - 10 * z75}, new double[] {50 + 10 * z75}, new double[] {50 - 10 * z95},
                new double[] {50 + 10 * z95}, new IntervalLevels(0.5, 0.9), "test", "", Double.NaN);
    }

    @Test
    void quantilesAreReadAtTheForecastsOwnLevels() {
        Forecast f = normalAtFiftyAndNinety();
        assertThat(Quantiles.upper(f, 0, 0.75)).isCloseTo(f.upperInnerAt(0), within(1e-6));
        assertThat(Quantiles.upper(f, 0, 0.95)).isCloseTo(f.upperOuterAt(0), within(1e-6));
        // interpolated between and extrapolated beyond the two calibrated points, exact on a normal forecast
        assertThat(Quantiles.upper(f, 0, 0.6)).isCloseTo(50 + 2.533471, within(1e-4));
        assertThat(Quantiles.upper(f, 0, 0.90)).isCloseTo(50 + 12.815516, within(1e-4));
        assertThat(Quantiles.upper(f, 0, 0.975)).isCloseTo(50 + 19.599640, within(1e-4));
        assertThat(Quantiles.upper(f, 0, 0.5)).isCloseTo(50, within(1e-9));
    }

    @Test
    void quantileBelowTheMedianIsRefused() {
        assertThatThrownBy(() -> Quantiles.upper(normal(), 0, 0.3)).isInstanceOf(IllegalArgumentException.class);
    }
}
