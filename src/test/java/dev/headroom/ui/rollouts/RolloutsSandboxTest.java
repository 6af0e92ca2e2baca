package dev.headroom.ui.rollouts;

import dev.headroom.engine.Engine;
import dev.headroom.providers.sandbox.SandboxFaults;
import dev.headroom.rollout.LoadCheck;
import dev.headroom.rollout.Rollout;
import dev.headroom.rollout.RolloutAlert;
import dev.headroom.rollout.RolloutService;
import dev.headroom.rollout.RolloutStatus;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.common.SameThreadRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Rollouts view on a real rollout of the generated sandbox, under a load surge set through
 * the sandbox faults: what it shows is what the engine recorded, not test data.
 */
class RolloutsSandboxTest {

    @Test
    void aSurgeShowsInTheChartTheAlertsAndTheHeldBatchAndTheSummaryEqualsTheLoadChecks(@TempDir Path dir) {
        SandboxRollouts sandbox = SandboxRollouts.create(dir);
        // every service carries 4 times its load over the whole window
        sandbox.faults(Map.of(SandboxFaults.SURGE_FACTOR, "4", SandboxFaults.SURGE_FROM, "2026-11-22T00:00:00Z",
                SandboxFaults.SURGE_TO, "2026-11-25T00:00:00Z"));
        RolloutService engine = sandbox.service();
        Problems problems = new Problems();
        RolloutsViewModel vm = new RolloutsViewModel(sandbox.queries(engine), new SameThreadRunner(), problems,
                new Activity());
        vm.accountProperty().set(Engine.SANDBOX);

        vm.launch(SandboxRollouts.SCENARIO, "");

        assertThat(problems.messageProperty().get()).isEmpty();
        Rollout r = vm.selectedProperty().get();
        assertThat(r.status()).as(r.detail()).isEqualTo(RolloutStatus.PAUSED);
        List<LoadCheck> recorded = engine.loadChecks(r.id());
        assertThat(recorded).isNotEmpty();
        assertThat(vm.loadChecks()).containsExactlyElementsOf(recorded);
        assertThat(vm.loadTextProperty().get()).as("the chart is shown, not its empty text").isEmpty();
        String service = vm.serviceProperty().get();
        assertThat(vm.services()).containsExactlyElementsOf(recorded.stream().map(LoadCheck::service).distinct()
                .sorted().toList());
        assertThat(vm.chartChecksProperty().get()).isNotEmpty().containsExactlyElementsOf(recorded.stream()
                .filter(c -> c.service().equals(service)).sorted(Comparator.comparing(LoadCheck::planTime)).toList());

        // the surge is observed above the forecast's upper quantile, and the batch is paused and rolled back
        List<RolloutAlert> raised = engine.alerts(r.id());
        assertThat(vm.alerts()).containsExactlyElementsOf(raised);
        assertThat(raised).anySatisfy(a -> {
            assertThat(a.severity()).isEqualTo(RolloutAlert.Severity.WARNING);
            assertThat(a.message()).contains("above the forecast's");
        });
        RolloutAlert pause = raised.stream().filter(a -> a.severity() == RolloutAlert.Severity.CRITICAL).findFirst()
                .orElseThrow();
        assertThat(pause.message()).startsWith("Predictive pause: service ");
        BatchRow held = vm.batches().stream().filter(BatchRow::held).findFirst().orElseThrow();
        // which batch pauses depends on when the surge meets the batch's drained capacity: a planned one
        assertThat(held.label()).doesNotContain(".");
        assertThat(held.hold()).isEqualTo(pause.message());
        assertThat(held.state()).isEqualTo(HostState.HELD);
        // when the pause comes (on the real clock) decides which: a host already updated is rolled back, one
        // the surge made defer its trigger is left out, one not reached yet is moved to the queued part
        assertThat(held.hosts()).isNotEmpty().extracting(HostRow::state)
                .allMatch(st -> st == HostState.ROLLED_BACK || st == HostState.MOVED || st == HostState.LEFT_OUT);
        assertThat(vm.batches()).extracting(BatchRow::label).contains(held.label(), held.label() + ".1");
        assertThat(vm.canResumeProperty().get()).as("the held batch's Resume").isTrue();
        assertThat(vm.statusTextProperty().get()).contains(" · plan time 2026-11-23 ").contains("paused");

        vm.abort();

        assertThat(vm.selectedProperty().get().status()).isEqualTo(RolloutStatus.ABORTED);
        List<LoadCheck> all = engine.loadChecks(r.id());
        assertThat(vm.summary()).isNotEmpty();
        assertThat(vm.summary().stream().mapToInt(SummaryRow::ticks).sum()).isEqualTo(all.size());
        for (SummaryRow row : vm.summary()) {
            List<LoadCheck> own = all.stream().filter(c -> c.batch() == row.batch()
                    && c.service().equals(row.service())).toList();
            assertThat(row.ticks()).isEqualTo(own.size());
            assertThat(row.meanMedian()).isCloseTo(own.stream().mapToDouble(LoadCheck::predictedMedian).average()
                    .orElseThrow(), within(1e-9));
            assertThat(row.meanActual()).isCloseTo(own.stream().mapToDouble(LoadCheck::actualLoad).average()
                    .orElseThrow(), within(1e-9));
            assertThat(row.peakActual()).isEqualTo(own.stream().mapToDouble(LoadCheck::actualLoad).max()
                    .orElseThrow());
            assertThat(row.maxUpper()).isEqualTo(own.stream().mapToDouble(LoadCheck::predictedUpper).max()
                    .orElseThrow());
            assertThat(row.minCapacity()).isEqualTo(own.stream().mapToDouble(LoadCheck::capacityCores).min()
                    .orElseThrow());
            assertThat(row.aboveUpper()).isEqualTo((int) own.stream().filter(c -> c.actualLoad() > c.predictedUpper())
                    .count());
        }
        assertThat(vm.summary()).as("the surge put the load above the forecast").anySatisfy(row ->
                assertThat(row.aboveUpper()).isPositive());
    }
}
