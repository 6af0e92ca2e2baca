package dev.headroom.forecast.models;

import dev.headroom.forecast.History;
import dev.headroom.forecast.Seasonality;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Reusing one window's decomposition across families must not change any forecast. */
class MstlReuseTest {

    @Test
    void forecastsAreIdenticalWhetherTheDecompositionIsReusedOrNot() {
        Random r = new Random(5);
        double[] y = new double[15 * 288];
        for (int i = 0; i < y.length; i++) {
            y[i] = 50 + 20 * Math.sin(2 * Math.PI * i / 288) + 5 * Math.sin(2 * Math.PI * i / 2016) + r.nextGaussian();
        }
        History shared = new History("h/cpu", Instant.EPOCH, Duration.ofMinutes(5), y);
        Seasonality seasons = Seasonality.of(shared);

        // Theta first primes the reuse; Ets and Theta again then run on the reused decomposition
        double[] thetaFirst = new Theta().forecast(shared, 288, seasons);
        double[] etsReused = new Ets().forecast(shared, 288, seasons);
        double[] thetaReused = new Theta().forecast(shared, 288, seasons);

        double[] etsFresh = new Ets().forecast(new History("h/cpu", Instant.EPOCH, Duration.ofMinutes(5), y), 288,
                seasons);
        assertThat(etsReused).containsExactly(etsFresh);
        assertThat(thetaReused).containsExactly(thetaFirst);
    }

    @Test
    void aDifferentWindowIsNeverServedTheLastDecomposition() {
        double[] a = new double[3 * 288];
        double[] b = new double[3 * 288];
        for (int i = 0; i < a.length; i++) {
            a[i] = 10 + Math.sin(2 * Math.PI * i / 288);
            b[i] = 90 - 30 * Math.sin(2 * Math.PI * i / 288);
        }
        History ha = new History("a", Instant.EPOCH, Duration.ofMinutes(5), a);
        History hb = new History("b", Instant.EPOCH, Duration.ofMinutes(5), b);
        Mstl.Decomposition da = Mstl.decompose(ha, a, 288);
        Mstl.Decomposition db = Mstl.decompose(hb, b, 288);
        assertThat(db).isNotSameAs(da);
        assertThat(db.adjusted()[0]).isCloseTo(90, org.assertj.core.api.Assertions.within(5.0));
        assertThat(Mstl.decompose(ha, a, 288, 2016)).isNotSameAs(da);
    }
}
