package dev.headroom.ui.common;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FormatsTest {

    @Test
    void unknownValuesShowADashNotNaN() {
        assertThat(Formats.percent(Double.NaN)).isEqualTo("—");
        assertThat(Formats.usd(Double.NaN)).isEqualTo("—");
        assertThat(Formats.clock(null)).isEqualTo("—");
    }

    @Test
    void numbersUseOneLocaleWhateverTheMachine() {
        assertThat(Formats.percent(83.25)).isEqualTo("83.3 %");
        assertThat(Formats.usd(1234.5)).isEqualTo("$1,234.50");
        assertThat(Formats.hourlyPrice(0.096)).isEqualTo("$0.096");
        assertThat(Formats.hourlyPrice(Double.NaN)).isEqualTo("—");
        assertThat(Formats.amount(1536)).isEqualTo("1,536");
        assertThat(Formats.amount(2.5)).isEqualTo("2.5");
        assertThat(Formats.clock(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02 03:04 UTC");
        assertThat(Formats.utcMinute(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02 03:04");
        assertThat(Formats.factor(1.4)).isEqualTo("×1.4");
        assertThat(Formats.factor(2)).isEqualTo("×2");
        assertThat(Formats.factor(0.85)).isEqualTo("×0.85");
        assertThat(Formats.factor(10)).isEqualTo("×10");
    }

    @Test
    void naturalOrderComparesDigitRunsByValue() {
        List<String> ids = new ArrayList<>(List.of("web-10", "web-2", "Web-1", "web-02a", "1.10.2", "1.9.0"));

        ids.sort(NaturalOrder.INSTANCE);

        assertThat(ids).containsExactly("1.9.0", "1.10.2", "Web-1", "web-2", "web-02a", "web-10");
    }
}
