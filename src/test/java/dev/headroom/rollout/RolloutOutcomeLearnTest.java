package dev.headroom.rollout;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.UpdateOutcome;
import dev.headroom.domain.UpdateRecord;
import dev.headroom.fleet.StoreTestData;
import dev.headroom.forecast.ForecastJournal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What {@link RolloutOutcome} computes from a rollout's journal, without a store. */
class RolloutOutcomeLearnTest {
    private static final Instant CREATED = Instant.parse("2026-11-23T00:00:00Z");
    private static final Instant PLAN_START = Instant.parse("2026-11-23T02:00:00Z");
    /** Speed 60: a second of the rollout's clock is a minute of plan time. */
    private static final Rollout ROLLOUT = new Rollout("r7", "acme", "night", "h", 1, RolloutStatus.RUNNING, CREATED,
            CREATED, "", new RolloutSettings(60, PLAN_START, Map.of(), Map.of(), ""));
    private final AccountSnapshot fleet = StoreTestData.snapshot().named("acme").seed(3).days(1).build();

    private static RolloutStep step(int seq, int batch, StepKind kind, String host, String argument, StepState state,
                                    int startSecond, int endSecond, String result) {
        RolloutStep p = RolloutStep.pending("r7", seq, batch, kind, host, argument);
        return new RolloutStep("r7", seq, batch, 0, kind, host, argument, p.idempotencyKey(), state, 1,
                Optional.of(CREATED.plusSeconds(startSecond)), Optional.of(CREATED.plusSeconds(endSecond)),
                Optional.ofNullable(result));
    }

    private static LoadCheck check(int batch, String service, int minute, double median, double upper, double actual,
                                   double capacity) {
        return new LoadCheck("r7", batch, service, PLAN_START.plus(Duration.ofMinutes(minute)), median, upper, actual,
                capacity);
    }

    @Test
    void scoresAreMeanErrorsBiasShareAboveTheUpperQuantileAndWorstUnderPredictionPerBatchAndService() {
        List<LoadCheck> checks = List.of(
                check(1, "web", 0, 10, 12, 11, 40),
                check(1, "web", 1, 10, 12, 13, 40),
                check(1, "web", 2, 10, 12, 6, 40),
                check(1, "web", 3, 10, 12, 14, 40),
                // no forecast at this tick: it is not scored
                check(1, "web", 4, Double.NaN, Double.NaN, 50, 40),
                check(2, "db", 5, 4, 5, 3, 8));

        List<ForecastJournal.RolloutScore> scores = RolloutOutcome.scores("r7", checks, 0.9);

        assertThat(scores).hasSize(2);
        ForecastJournal.RolloutScore web = scores.get(0);
        assertThat(web.batch()).isEqualTo(1);
        assertThat(web.checks()).isEqualTo(4);
        assertThat(web.mae()).isCloseTo((1 + 3 + 4 + 4) / 4.0, within(1e-12));
        assertThat(web.bias()).isCloseTo((1 + 3 - 4 + 4) / 4.0, within(1e-12));
        assertThat(web.aboveUpper()).isEqualTo(0.5);
        assertThat(web.checksAbove()).isEqualTo(2);
        assertThat(web.worstUnder()).isEqualTo(4.0);
        assertThat(web.quantile()).isEqualTo(0.9);
        assertThat(web.scoredAt()).isEqualTo(PLAN_START.plus(Duration.ofMinutes(3)));
        ForecastJournal.RolloutScore db = scores.get(1);
        assertThat(db.service()).isEqualTo("db");
        assertThat(db.bias()).isEqualTo(-1.0);
        assertThat(db.worstUnder()).isZero();
        assertThat(db.aboveUpper()).isZero();
    }

    @Test
    void updatesThatRanBecomeRecordsInPlanTimeWithTheirOutcome() {
        String webVersion = fleet.hosts().stream().filter(h -> h.id().equals("web-1")).findFirst().orElseThrow()
                .version();
        List<RolloutStep> steps = List.of(
                // applied by its second trigger (the first was deferred); the sandbox reports 30 minutes
                step(1, 1, StepKind.UPDATE, "web-1", "2.0.0", StepState.DONE, 10, 12,
                        "from " + webVersion + " to 2.0.0 (trigger 2); " + RolloutStep.takesText(30)),
                // updated, then rolled back with its batch
                step(2, 1, StepKind.UPDATE, "web-2", "2.0.0", StepState.DONE, 20, 25, "from 1.4.3 to 2.0.0"),
                step(3, 1, StepKind.ROLLBACK, "web-2", "1.4.3", StepState.DONE, 40, 41, "rolled back"),
                // failed: the host stays on its version, which is where it started from
                step(4, 2, StepKind.UPDATE, "db-1", "15.1", StepState.FAILED, 60, 62, "the sandbox refused"),
                // never ran
                step(5, 2, StepKind.UPDATE, "db-1", "15.1", StepState.SKIPPED, 70, 70, "left out: deferred"),
                step(6, 1, StepKind.VERIFY, "web-1", "", StepState.DONE, 30, 31, "healthy"));
        List<LoadCheck> checks = List.of(check(1, "web", 11, 10, 12, 9, 12), check(1, "web", 50, 10, 12, 12, 12));
        List<String> notes = new ArrayList<>();

        Map<String, UpdateRecord> records = RolloutOutcome.updates(ROLLOUT, steps, checks, fleet, notes);

        assertThat(notes).isEmpty();
        assertThat(records.keySet()).containsExactly(steps.get(0).idempotencyKey(), steps.get(1).idempotencyKey(),
                steps.get(3).idempotencyKey());
        UpdateRecord web1 = records.get(steps.get(0).idempotencyKey());
        assertThat(web1.started()).isEqualTo(PLAN_START.plus(Duration.ofMinutes(10)));
        assertThat(web1.duration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(web1.fromVersion()).isEqualTo(webVersion);
        assertThat(web1.outcome()).isEqualTo(UpdateOutcome.SUCCEEDED);
        // the tick at plan minute 11 fell within its update: 9 of 12 cores
        assertThat(web1.peakCpu()).isEqualTo(75.0);
        UpdateRecord web2 = records.get(steps.get(1).idempotencyKey());
        assertThat(web2.outcome()).isEqualTo(UpdateOutcome.ROLLED_BACK);
        assertThat(web2.service()).isEqualTo("web");
        // no report: the step's own span in plan time
        assertThat(web2.duration()).isEqualTo(Duration.ofMinutes(5));
        UpdateRecord db = records.get(steps.get(3).idempotencyKey());
        assertThat(db.outcome()).isEqualTo(UpdateOutcome.FAILED);
        assertThat(db.fromVersion()).isEqualTo("14.2");
        assertThat(db.duration()).isEqualTo(Duration.ofMinutes(2));
        // no tick within it: the impact model's estimate of the peak, which leaves that estimate where it was
        assertThat(db.peakCpu()).isBetween(0.0, 100.0);
    }

    @Test
    void aHostTheAccountNoLongerHasIsNamedInsteadOfRecorded() {
        List<RolloutStep> steps = List.of(step(1, 1, StepKind.UPDATE, "web-9", "2.0.0", StepState.DONE, 1, 2,
                "from 1.4.0 to 2.0.0"));
        RolloutOutcome.Learned learned = RolloutOutcome.learn(ROLLOUT, steps, List.of(), Optional.of(fleet), 0.95);
        assertThat(learned.updates()).isEmpty();
        assertThat(learned.notes()).containsExactly("host web-9 is no longer in the account, so its update is not "
                + "recorded");
        assertThat(learned.summary("r7")).contains("0 updates appended").contains("web-9");
    }

    @Test
    void theServiceIsTheOneWhoseReleaseTheHostGoesTo() {
        var host = fleet.hosts().stream().filter(h -> h.id().equals("web-2")).findFirst().orElseThrow();
        assertThat(host.services()).containsExactly("web", "cache");
        assertThat(RolloutOutcome.service(host, "2.0.0", fleet.releases())).isEqualTo("web");
        assertThat(RolloutOutcome.service(host, "9.9", List.of())).isEqualTo("web");
    }
}
