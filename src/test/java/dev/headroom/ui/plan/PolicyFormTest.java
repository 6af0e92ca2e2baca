package dev.headroom.ui.plan;

import dev.headroom.domain.Objective;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Window;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyFormTest {
    private static final Instant START = Instant.parse("2026-11-23T06:00:00Z");

    @Test
    void theObjectiveWeightsRoundTripAndAllZeroSaysWhy() {
        PolicyForm form = new PolicyForm();
        Policy shown = Policy.DEFAULT.withWindow(new Window(START, START.plus(Duration.ofHours(6))))
                .withObjective(new Objective(25, 2, 0.5, 40));
        form.show(shown);
        assertThat(form.policy(null)).hasValue(shown);

        form.windowHourWeightProperty().set(0);
        form.usdWeightProperty().set(0);
        form.kwhWeightProperty().set(0);
        form.riskWeightProperty().set(0);
        assertThat(form.policy(null)).isEmpty();
        assertThat(form.errors()).containsOnlyKeys(PolicyForm.OBJECTIVE_WINDOW_HOUR);
        assertThat(form.errorProperty(PolicyForm.OBJECTIVE_WINDOW_HOUR).get())
                .isEqualTo("At least one objective weight must be above 0, or no plan is better than another.");
    }
}
