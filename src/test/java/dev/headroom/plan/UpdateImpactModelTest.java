package dev.headroom.plan;

import dev.headroom.domain.UpdateOutcome;
import dev.headroom.domain.UpdateRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UpdateImpactModelTest {
    private static final Instant T = Instant.parse("2026-10-01T00:00:00Z");

    @Test
    void versionDifferenceClassifiesTheChange() {
        assertThat(UpdateImpactModel.change("v2.8.3", "v2.8.4")).isEqualTo(UpdateImpactModel.Change.PATCH);
        assertThat(UpdateImpactModel.change("v2.7.9", "v2.8.0")).isEqualTo(UpdateImpactModel.Change.MINOR);
        assertThat(UpdateImpactModel.change("7.0.15", "7.2.4")).isEqualTo(UpdateImpactModel.Change.MINOR);
        assertThat(UpdateImpactModel.change("v2.9.1", "v3.0.0")).isEqualTo(UpdateImpactModel.Change.MAJOR);
        assertThat(UpdateImpactModel.change("latest", "stable")).isEqualTo(UpdateImpactModel.Change.MINOR);
        assertThat(UpdateImpactModel.change("v1", "v1")).isEqualTo(UpdateImpactModel.Change.SAME);
    }

    @Test
    void withoutHistoryThePriorsApplyAndSaySo() {
        UpdateImpactModel m = UpdateImpactModel.fit(List.of());
        UpdateImpactModel.Estimate e = m.estimate("web", "v1.0.0", "v2.0.0", 0.9);
        assertThat(e.median()).isEqualTo(Duration.ofMinutes(45));
        assertThat(e.upper()).isGreaterThan(e.median());
        assertThat(e.failureRate()).isEqualTo(0.10);
        assertThat(e.basis()).contains("no update history");
        assertThat(e.peakCpuPercent()).isEqualTo(60.0);
    }

    @Test
    void historyOfAServiceMovesItsEstimateTowardsWhatHappened() {
        List<UpdateRecord> history = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // web's patches take 60 minutes, and one in four fails
            history.add(new UpdateRecord("web-" + i, "web", "v1.0." + i, "v1.0." + (i + 1), T.plusSeconds(i * 7200L),
                    T.plusSeconds(i * 7200L + 3600), 50, i % 4 == 0 ? UpdateOutcome.FAILED : UpdateOutcome.SUCCEEDED));
        }
        UpdateImpactModel m = UpdateImpactModel.fit(history);
        UpdateImpactModel.Estimate web = m.estimate("web", "v1.0.40", "v1.0.41", 0.9);
        assertThat(web.median().toMinutes()).isBetween(55L, 60L);
        assertThat(web.failureRate()).isBetween(0.18, 0.25);
        assertThat(web.basis()).contains("40 past patch updates of web");
        // past peaks were 50 % against a 60 % prior: 40 of them weigh far more than the prior's 3
        assertThat(web.peakCpuPercent()).isBetween(50.0, 51.0);
        UpdateImpactModel.Estimate other = m.estimate("api", "v1.0.0", "v1.0.1", 0.9);
        assertThat(other.median().toMinutes()).isBetween(40L, 60L);
        assertThat(other.basis()).contains("no past patch update of api");
    }
}
