package dev.headroom.forecast.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MstlTest {
    private static final int DAY = 288;
    private static final int WEEK = 7 * DAY;

    private static double daily(int t) {
        return 10 * Math.sin(2 * Math.PI * t / DAY);
    }

    private static double weekly(int t) {
        return (t / DAY) % 7 >= 5 ? -6 : 2.4;
    }

    @Test
    void recoversADailySeasonAndLeavesTheLevel() {
        double[] y = new double[4 * DAY];
        for (int t = 0; t < y.length; t++) {
            y[t] = 50 + daily(t);
        }
        Mstl.Decomposition d = Mstl.decompose(y, DAY);
        double[] next = d.seasonal(y.length, DAY);
        for (int k = 0; k < DAY; k++) {
            assertThat(next[k]).isCloseTo(daily(y.length + k), within(0.2));
        }
        for (double v : d.adjusted()) {
            assertThat(v).isCloseTo(50, within(0.2));
        }
    }

    @Test
    void separatesDailyAndWeeklySeasons() {
        Random r = new Random(7);
        double[] y = new double[3 * WEEK];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + daily(t) + weekly(t) + r.nextGaussian();
        }
        Mstl.Decomposition d = Mstl.decompose(y, DAY, WEEK);
        assertThat(d.periods()).containsExactly(DAY, WEEK);
        double[] next = d.seasonal(y.length, WEEK);
        double err = 0;
        for (int k = 0; k < WEEK; k++) {
            err += Math.abs(next[k] - daily(y.length + k) - weekly(y.length + k));
        }
        // the weekly step is blurred over an hour at each day boundary, nothing more
        assertThat(err / WEEK).isLessThan(0.8);
    }

    @Test
    void aSpikeDoesNotPrintItselfIntoTheSeason() {
        Random r = new Random(9);
        double[] y = new double[5 * DAY];
        for (int t = 0; t < y.length; t++) {
            y[t] = 50 + daily(t) + 0.5 * r.nextGaussian();
        }
        y[y.length - 100] += 1000;
        Mstl.Decomposition d = Mstl.decompose(y, DAY);
        double[] next = d.seasonal(y.length, DAY);
        for (int k = 0; k < DAY; k++) {
            assertThat(next[k]).isCloseTo(daily(y.length + k), within(0.5));
        }
    }

    @Test
    void dropsSeasonsLongerThanHalfTheSeries() {
        double[] y = new double[DAY + 10];
        java.util.Arrays.fill(y, 3);
        Mstl.Decomposition d = Mstl.decompose(y, DAY);
        assertThat(d.periods()).isEmpty();
        assertThat(d.adjusted()).containsExactly(y);
        assertThat(d.seasonal(y.length, 5)).containsOnly(0.0);
    }
}
