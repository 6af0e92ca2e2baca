package dev.headroom.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ValuesTest {

    @ParameterizedTest
    @CsvSource({"2.0,2", "0.1,0.1", "1.0E-7,0.0000001", "1.2345678E7,12345678", "-0.5,-0.5", "-0.0,-0", "0.0,0",
            "1.0E21,1000000000000000000000"})
    void numbersAreWrittenPlainAndShort(double x, String text) {
        assertThat(Values.formatNumber(x)).isEqualTo(text);
    }

    @Test
    void formattingThenParsingGivesTheSameBitsAndTheSameText() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            double x = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextDouble(-1e6, 1e6);
            if (!Double.isFinite(x)) {
                continue;
            }
            String text = Values.formatNumber(x);
            double back = Values.parseNumber(text);
            assertThat(Double.doubleToRawLongBits(back)).as(text).isEqualTo(Double.doubleToRawLongBits(x));
            assertThat(Values.formatNumber(back)).isEqualTo(text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "NaN", "Infinity", "1d", "0x10", "1e", "1,5", "12%", ".", "1e999"})
    void onlyPlainFiniteDecimalsAreNumbers(String text) {
        assertThat(Values.parseNumber(text)).isNaN();
    }

    @ParameterizedTest
    @CsvSource({"2026-11-22T16:00:00Z,2026-11-22T16:00:00Z", "2026-11-22T17:00:00+01:00,2026-11-22T16:00:00Z",
            "2026-11-22T16:00:00.5Z,2026-11-22T16:00:00.500Z", "2024-02-29T00:00:00Z,2024-02-29T00:00:00Z"})
    void timesNeedAZoneAndAreConvertedToUtc(String text, String utc) {
        assertThat(Values.parseTime(text)).isEqualTo(Instant.parse(utc));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-22T16:00:00", "2026-11-22", "2025-02-29T00:00:00Z", "2026-11-22T24:00:00Z",
            "2026-11-22 16:00:00Z", "yesterday"})
    void timesWithoutZoneOrOutOfRangeAreRejected(String text) {
        assertThat(Values.parseTime(text)).isNull();
    }

    @Test
    void fastUtcParsingAgreesWithTheJdk() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(0, 8_000_000_000L));
            assertThat(Values.parseUtcSeconds(t.toString())).isEqualTo(t.getEpochSecond());
        }
    }
}
