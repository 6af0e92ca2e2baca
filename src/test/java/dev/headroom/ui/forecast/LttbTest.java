package dev.headroom.ui.forecast;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class LttbTest {
    private static final int FOURTEEN_DAYS = 14 * 288;

    private static double[] positions(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1_700_000_000_000.0 + 300_000.0 * i;
        }
        return x;
    }

    private static double[] dailyWave(int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 50 + 20 * Math.sin(2 * Math.PI * i / 288) + 3 * Math.sin(i * 1.7);
        }
        return y;
    }

    @Test
    void keepsExactlyThresholdPointsInOrderWithFirstAndLast() {
        double[] y = dailyWave(FOURTEEN_DAYS);

        int[] kept = Lttb.select(positions(y.length), y, 800);

        assertThat(kept).hasSize(800);
        assertThat(kept[0]).isZero();
        assertThat(kept[kept.length - 1]).isEqualTo(y.length - 1);
        assertThat(kept).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void keepsASpikeThatAveragingWouldFlatten() {
        double[] y = dailyWave(FOURTEEN_DAYS);
        int spike = 2_345;
        y[spike] = 100;

        int[] kept = Lttb.select(positions(y.length), y, 500);

        assertThat(kept).contains(spike);
    }

    @Test
    void shortSeriesAreKeptWhole() {
        double[] y = dailyWave(300);

        assertThat(Lttb.select(positions(300), y, 800)).hasSize(300).startsWith(0, 1, 2).endsWith(299);
    }

    @Test
    void aGapStaysAGapAndBothSidesAreThinned() {
        double[] y = dailyWave(FOURTEEN_DAYS);
        Arrays.fill(y, 2_000, 2_100, Double.NaN);

        int[] kept = Lttb.select(positions(y.length), y, 600);

        assertThat(Arrays.stream(kept).filter(i -> Double.isNaN(y[i]))).as("one missing point marks the gap")
                .containsExactly(2_000);
        assertThat(kept).contains(0, 1_999, 2_100, y.length - 1);
        assertThat(kept.length).isBetween(595, 605);
        assertThat(kept).isSorted();
    }
}
