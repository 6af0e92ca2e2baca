package dev.headroom.forecast;

import dev.headroom.domain.DomainException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntervalLevelsTest {

    @Test
    void defaultIsEightyAndNinetyFivePercent() {
        assertThat(IntervalLevels.DEFAULT.inner()).isEqualTo(0.80);
        assertThat(IntervalLevels.DEFAULT.outer()).isEqualTo(0.95);
        assertThat(IntervalLevels.DEFAULT.isDefault()).isTrue();
        assertThat(new IntervalLevels(0.8, 0.95)).isEqualTo(IntervalLevels.DEFAULT);
        assertThat(new IntervalLevels(0.5, 0.9).isDefault()).isFalse();
    }

    @Test
    void innerBelowHalfIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new IntervalLevels(0.4, 0.9))
                .isInstanceOf(DomainException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inner_level: 0.4 must be at least 0.5 and below 1; choose e.g. 0.80")
                .satisfies(e -> assertThat(((DomainException) e).field()).isEqualTo("inner_level"));
        assertThatThrownBy(() -> new IntervalLevels(Double.NaN, 0.9)).hasMessageStartingWith("inner_level:");
        assertThatThrownBy(() -> new IntervalLevels(1.0, 0.9)).hasMessageStartingWith("inner_level:");
    }

    @Test
    void outerMustLieAboveTheInnerAndBelowOne() {
        assertThatThrownBy(() -> new IntervalLevels(0.95, 0.80))
                .isInstanceOf(DomainException.class)
                .hasMessage("outer_level: 0.8 must be above the inner level 0.95 and below 1; choose e.g. 0.95");
        assertThatThrownBy(() -> new IntervalLevels(0.8, 0.8)).hasMessageStartingWith("outer_level:");
        assertThatThrownBy(() -> new IntervalLevels(0.8, 1.0)).hasMessageStartingWith("outer_level:");
        assertThatThrownBy(() -> new IntervalLevels(0.8, Double.NaN)).hasMessageStartingWith("outer_level:");
        assertThat(new IntervalLevels(0.5, 0.999).outer()).isEqualTo(0.999);
    }

    @Test
    void percentTextHasNoBinaryNoise() {
        assertThat(IntervalLevels.DEFAULT.innerPercent()).isEqualTo("80");
        assertThat(IntervalLevels.DEFAULT.outerPercent()).isEqualTo("95");
        assertThat(new IntervalLevels(0.9, 0.975).outerPercent()).isEqualTo("97.5");
        assertThat(new IntervalLevels(0.57, 0.99).innerPercent()).isEqualTo("57");
        assertThat(IntervalLevels.DEFAULT).hasToString("80 % / 95 %");
    }

    @Test
    void nominalMissIsSubtractedInDecimal() {
        assertThat(IntervalLevels.missOf(0.95)).isEqualTo(0.05);
        assertThat(IntervalLevels.missOf(0.80)).isEqualTo(0.2);
        assertThat(IntervalLevels.missOf(0.99)).isEqualTo(0.01);
    }
}
