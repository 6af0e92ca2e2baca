package dev.headroom.persistence;

import dev.headroom.fleet.StoreTestData;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesCodecTest {

    @Test
    void emptyBlockRoundTrips() {
        assertThat(SeriesCodec.decode(SeriesCodec.encode(new double[0]))).isEmpty();
    }

    @Test
    void randomDoublesRoundTripBitExactly() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            double[] v = new double[random.nextInt(600)];
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (random.nextInt(6)) {
                    case 0 -> Double.NaN;
                    case 1 -> -random.nextDouble() * 1e6;
                    case 2 -> Double.longBitsToDouble(random.nextLong());
                    case 3 -> Math.round(random.nextGaussian() * 1e4) / 100.0;
                    default -> random.nextDouble() * 100;
                };
            }
            assertRoundTrip(v);
        }
    }

    @Test
    void twoDecimalValuesWithGapsRoundTrip() {
        double[] v = StoreTestData.percentages(new Random(3), 2016, 40, true);
        v[0] = Double.NaN;

        assertRoundTrip(v);
    }

    @Test
    void awkwardValuesRoundTrip() {
        assertRoundTrip(new double[] {-0.0, 0.0, -0.0});
        assertRoundTrip(new double[] {0.1, 0.2, 0.30000000000000004, 1e-320});
        assertRoundTrip(new double[] {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 1e300, 9.2e16});
        assertRoundTrip(new double[] {92233720368547758.07, -92233720368547758.08, 0.01, -0.01});
        assertRoundTrip(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 5});
        assertRoundTrip(new double[] {Double.NaN, Double.NaN, Double.NaN});
        assertRoundTrip(new double[] {Double.longBitsToDouble(0x7ff8000000000001L), 1.25, Double.NaN});
        assertRoundTrip(new double[] {Double.longBitsToDouble(0xfff8000000000000L), 1.25});
        assertRoundTrip(new double[] {99.99, 0, 100, 0.01, 50.5, 99.99});
    }

    @Test
    void realisticTwoDecimalSeriesTakesAtMostTwoAndAHalfBytesPerSample() {
        double[] day = StoreTestData.percentages(new Random(7), 288, 45, false);

        byte[] encoded = SeriesCodec.encode(day);

        assertThat((double) encoded.length / day.length).isLessThanOrEqualTo(2.5);
        assertRoundTrip(day);
    }

    @Test
    void missingDayTakesAFewBytes() {
        double[] day = new double[288];
        Arrays.fill(day, Double.NaN);

        assertThat(SeriesCodec.encode(day).length).isLessThan(16);
    }

    @Test
    void rejectsBytesItDidNotWrite() {
        assertThatThrownBy(() -> SeriesCodec.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeriesCodec.decode(new byte[] {(byte) 0x80, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] valid = SeriesCodec.encode(new double[] {1.5, 2.5, 3.5});
        assertThatThrownBy(() -> SeriesCodec.decode(Arrays.copyOf(valid, valid.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long[] rawBits(double[] v) {
        return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private static void assertRoundTrip(double[] v) {
        double[] back = SeriesCodec.decode(SeriesCodec.encode(v));
        assertThat(rawBits(back)).isEqualTo(rawBits(v));
    }
}
