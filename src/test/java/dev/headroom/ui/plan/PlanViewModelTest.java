package dev.headroom.ui.plan;

import dev.headroom.domain.HeadroomException;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanJson;
import dev.headroom.ui.DemoFleet;
import dev.headroom.ui.InMemoryFleetStore;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.common.QueuedRunner;
import dev.headroom.ui.common.SameThreadRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlanViewModelTest {
    private final InMemoryFleetStore store = PlanFleet.store();
    private final PlanFleet.Recording queries = new PlanFleet.Recording(store);
    private final Problems problems = new Problems();
    private final Activity activity = new Activity();

    private PlanViewModel loaded() {
        PlanViewModel vm = new PlanViewModel(queries, new SameThreadRunner(), problems, activity);
        vm.accountProperty().set(DemoFleet.SANDBOX);
        return vm;
    }

    @Test
    void loadsTheAccountsPlanWithItsPolicyInTheControls() {
        PlanViewModel vm = loaded();

        Plan plan = vm.planProperty().get();
        assertThat(vm.loadedProperty().get()).isTrue();
        assertThat(plan.batches()).isNotEmpty();
        assertThat(plan.plannedHosts() + plan.unplanned().size()).as("every host with a release that needs it")
                .isEqualTo(17);
        assertThat(vm.form().windowStartProperty().get()).isEqualTo("2026-11-03 14:05");
        assertThat(vm.form().windowEndProperty().get()).isEqualTo("2026-11-03 20:05");
        assertThat(vm.form().safetyMarginProperty().get()).isEqualTo(0.2);
        assertThat(vm.statusProperty().get()).startsWith("heuristic plan in ").contains("of 17 hosts in");
        assertThat(queries.forecasts).isEqualTo(1);
        assertThat(activity.busyProperty().get()).isFalse();
        assertThat(vm.planningProperty().get()).isFalse();
    }

    @Test
    void aDraggedSliderIsPlannedOncePerFinishedPlanAndItsLastPositionWins() {
        QueuedRunner runner = new QueuedRunner();
        PlanViewModel vm = new PlanViewModel(queries, runner, problems, activity);
        vm.accountProperty().set(DemoFleet.SANDBOX);
        runner.finishOldest();
        assertThat(runner.pending()).isZero();
        queries.planned.clear();

        vm.form().maxBatchFractionProperty().set(0.3);
        vm.form().maxBatchFractionProperty().set(0.4);
        vm.form().maxBatchFractionProperty().set(0.5);
        vm.form().maxBatchFractionProperty().set(0.6);
        assertThat(runner.pending()).as("one plan runs; the later positions wait as one").isEqualTo(1);
        assertThat(vm.planningProperty().get()).isTrue();

        runner.finishOldest();
        assertThat(vm.planProperty().get().policy().maxBatchFraction()).as("shown while the slider moves").isEqualTo(0.3);
        assertThat(runner.pending()).isEqualTo(1);
        runner.finishOldest();

        assertThat(runner.pending()).isZero();
        assertThat(queries.planned).extracting(p -> p.maxBatchFraction()).containsExactly(0.3, 0.6);
        assertThat(vm.planProperty().get().policy().maxBatchFraction()).isEqualTo(0.6);
        assertThat(vm.planningProperty().get()).isFalse();
        assertThat(queries.forecasts).as("planner knobs re-plan from the forecast already made").isEqualTo(1);
    }

    @Test
    void marginAndMinHealthyChangeTheLimitsWithoutForecastingAgain() {
        PlanViewModel vm = loaded();
        double before = vm.problemProperty().get().demands().get("search").limit();

        vm.form().safetyMarginProperty().set(0.35);
        vm.form().minHealthyFractionProperty().set(0.7);

        assertThat(before).isEqualTo(0.8);
        assertThat(vm.problemProperty().get().demands().get("search").limit()).isEqualTo(0.65);
        assertThat(vm.problemProperty().get().demands().get("search").minHealthyFraction()).isEqualTo(0.7);
        assertThat(vm.planProperty().get().policy().safetyMargin()).isEqualTo(0.35);
        assertThat(queries.forecasts).isEqualTo(1);
    }

    @Test
    void aNewQuantileOrWindowForecastsAgain() {
        PlanViewModel vm = loaded();

        vm.form().forecastQuantileProperty().set(0.9);
        assertThat(queries.forecasts).isEqualTo(2);
        assertThat(vm.planProperty().get().policy().forecastQuantile()).isEqualTo(0.9);

        vm.form().windowEndProperty().set("2026-11-03 18:05");
        assertThat(queries.forecasts).isEqualTo(3);
        assertThat(vm.problemProperty().get().steps()).isEqualTo(48);

        vm.form().spotAllowedProperty().set(false);
        assertThat(queries.forecasts).as("spot is a planner knob").isEqualTo(3);
        assertThat(vm.planProperty().get().policy().spotAllowed()).isFalse();
        assertThat(vm.problemProperty().get().steps()).isEqualTo(48);
    }

    @Test
    void invalidFieldsSayWhatIsWrongInOperatorWordsAndKeepThePlan() {
        PlanViewModel vm = loaded();
        PolicyForm form = vm.form();
        form.criticalityWeightProperty().set(0);
        Plan before = vm.planProperty().get();
        assertThat(before.policy().criticalityWeight()).isZero();

        form.capacityWeightProperty().set(0);
        assertThat(form.errors()).containsOnlyKeys(PolicyForm.CAPACITY_WEIGHT);
        assertThat(form.errorProperty(PolicyForm.CAPACITY_WEIGHT).get())
                .isEqualTo("The criticality and capacity weights cannot both be 0: raise one of them.");
        assertThat(vm.planProperty().get()).isSameAs(before);
        assertThat(vm.statusProperty().get()).startsWith("Fix the marked field");

        form.capacityWeightProperty().set(0.5);
        assertThat(form.errors()).isEmpty();
        assertThat(vm.planProperty().get().policy().capacityWeight()).isEqualTo(0.5);

        form.budgetProperty().set("lots");
        assertThat(form.errorProperty(PolicyForm.BUDGET_USD).get())
                .isEqualTo("Write the budget in dollars, e.g. 250, or leave it empty for no cap.");
        form.budgetProperty().set("-5");
        assertThat(form.errorProperty(PolicyForm.BUDGET_USD).get())
                .isEqualTo("The budget must be 0 dollars or more; leave it empty for no cap.");
        form.budgetProperty().set("$1,200");
        assertThat(form.errors()).isEmpty();
        assertThat(vm.planProperty().get().policy().budgetUsd()).contains(1200.0);

        form.windowEndProperty().set("2026-11-03 13:00");
        assertThat(form.errors()).containsExactly(
                java.util.Map.entry(PolicyForm.WINDOW_END, "The window must end after it starts."));
        form.windowEndProperty().set("tomorrow");
        assertThat(form.errorProperty(PolicyForm.WINDOW_END).get())
                .isEqualTo("Write the time as YYYY-MM-DD HH:mm in UTC, e.g. 2026-11-23 06:00.");
        form.windowEndProperty().set("2026-11-03 20:05");
        form.windowStartProperty().set("2026-11-03 12:00");
        assertThat(form.errorProperty(PolicyForm.WINDOW_START).get())
                .isEqualTo("The window must start at or after the planning time, 2026-11-03 14:05 UTC.");
        assertThat(queries.forecasts).as("nothing invalid was forecast").isEqualTo(1);
        assertThat(problems.messageProperty().get()).isEmpty();
    }

    @Test
    void theScenarioComparisonShowsThePlansOwnSummaries() {
        PlanViewModel vm = loaded();
        vm.scenarioNameProperty().set("baseline");
        vm.saveScenario();
        vm.form().safetyMarginProperty().set(0.4);
        vm.form().maxBatchFractionProperty().set(0.5);
        vm.saveScenario();

        assertThat(vm.scenarios()).extracting(Scenario::name).containsExactly("baseline", "Scenario 2");
        assertThat(vm.scenarios().get(1).policy().safetyMargin()).isEqualTo(0.4);
        assertThat(vm.comparison()).extracting(ComparisonRow::name)
                .containsExactly(ComparisonRow.CURRENT, "baseline", "Scenario 2");
        for (ComparisonRow row : vm.comparison().subList(1, 3)) {
            Plan p = row.scenario().plan();
            Plan.Summary s = p.summary();
            assertThat(row.windowMinutes()).isEqualTo(s.makespanMinutes());
            assertThat(row.surgeCostUsd()).isEqualTo(s.surgeCostUsd());
            assertThat(row.minHeadroomFraction()).isEqualTo(s.minHeadroomFraction());
            assertThat(row.batches()).isEqualTo(p.batches().size());
            assertThat(row.risk()).isEqualTo(s.risk());
            assertThat(row.windowFits()).isEqualTo(s.windowFits());
            assertThat(row.predictedViolations()).isEqualTo(s.predictedViolations());
        }
        Plan.Summary baseline = vm.scenarios().get(0).plan().summary();
        Plan.Summary cautious = vm.scenarios().get(1).plan().summary();
        assertThat(cautious).isNotEqualTo(baseline);
        assertThat(vm.comparison().get(0).surgeCostUsd()).isEqualTo(vm.planProperty().get().summary().surgeCostUsd());
    }

    @Test
    void scenariosAreClonedRenamedReplacedDeletedAndLoadedBackIntoTheControls() {
        PlanViewModel vm = loaded();
        vm.scenarioNameProperty().set("night");
        vm.saveScenario();
        Scenario night = vm.scenarios().get(0);

        Scenario copy = vm.cloneScenario(night);
        assertThat(copy.name()).isEqualTo("night copy");
        vm.scenarioNameProperty().set("NIGHT");
        vm.renameScenario(copy);
        assertThat(vm.scenarioErrorProperty().get()).isEqualTo("A scenario named \"NIGHT\" exists already: choose "
                + "another name.");
        vm.scenarioNameProperty().set("no spot");
        assertThat(vm.scenarioErrorProperty().get()).as("typing clears the complaint").isEmpty();
        vm.renameScenario(copy);
        Scenario noSpot = vm.scenarios().get(1);
        assertThat(noSpot.name()).isEqualTo("no spot");

        vm.form().spotAllowedProperty().set(false);
        vm.replaceScenario(noSpot);
        assertThat(vm.scenarios().get(1).policy().spotAllowed()).isFalse();
        assertThat(vm.scenarios().get(1).name()).isEqualTo("no spot");

        vm.scenarioNameProperty().set("night");
        vm.saveScenario();
        assertThat(vm.scenarioErrorProperty().get()).startsWith("A scenario named \"night\" exists already");
        assertThat(vm.scenarios()).hasSize(2);

        vm.loadScenario(vm.scenarios().get(0));
        assertThat(vm.form().spotAllowedProperty().get()).isTrue();
        assertThat(vm.planProperty().get().policy()).isEqualTo(night.policy());
        assertThat(vm.planProperty().get().summary()).isEqualTo(night.plan().summary());

        vm.deleteScenario(vm.scenarios().get(0));
        assertThat(vm.scenarios()).extracting(Scenario::name).containsExactly("no spot");
    }

    @Test
    void scenariosStayWithTheirAccountForTheSession() {
        PlanViewModel vm = loaded();
        vm.saveScenario();

        vm.accountProperty().set(DemoFleet.SCENARIO);
        assertThat(vm.scenarios()).isEmpty();
        vm.accountProperty().set(DemoFleet.SANDBOX);

        assertThat(vm.scenarios()).extracting(Scenario::name).containsExactly("Scenario 1");
    }

    @Test
    void aBetterPlanFromTheSolverReplacesTheHeuristicsWhileThePolicyRests() {
        QueuedRunner runner = new QueuedRunner();
        queries.improver = problem -> better(queries.real.plan(problem));
        PlanViewModel vm = new PlanViewModel(queries, runner, problems, activity);
        vm.accountProperty().set(DemoFleet.SANDBOX);
        runner.finishOldest();
        assertThat(vm.improvingProperty().get()).isTrue();
        assertThat(vm.statusProperty().get()).endsWith("cpsat is looking for a better plan…");

        runner.finishOldest();
        assertThat(vm.planProperty().get().solver()).isEqualTo("cpsat");
        assertThat(vm.improvingProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).startsWith("cpsat plan (optimality gap 1.0 %)");

        vm.form().maxBatchFractionProperty().set(0.5);
        runner.finishOldest();
        assertThat(vm.planProperty().get().solver()).isEqualTo("heuristic");
        assertThat(runner.pending()).as("the solver starts again for the new policy").isEqualTo(1);
        vm.form().maxBatchFractionProperty().set(0.4);
        assertThat(vm.improvingProperty().get()).isFalse();
        runner.finishOldest();
        assertThat(vm.planProperty().get().solver()).as("the solver's plan is for a policy no longer shown")
                .isEqualTo("heuristic");
        assertThat(vm.planProperty().get().policy().maxBatchFraction()).isEqualTo(0.5);
    }

    private static Plan better(Plan p) {
        Plan.Summary s = p.summary();
        return new Plan(p.scenario(), "cpsat", p.policy(), p.start(), p.step(), p.batches(), p.unplanned(),
                p.hostReasons(), new Plan.Summary(s.makespanMinutes(), s.surgeCostUsd(), s.minHeadroomFraction(),
                s.predictedViolations(), java.util.Optional.of(0.01), s.risk(), s.energyKwh(), s.windowFits(),
                s.objective() - 1), p.notes());
    }

    @Test
    void theSelectedBatchShowsItsHostsReservationsMigrationsAndBinding() {
        PlanViewModel vm = loaded();
        assertThat(vm.selectedBatchProperty().get()).isEqualTo(1);
        // room for every host, so that edge-eu-1 (cart and catalog) is planned and moves a workload
        vm.form().windowEndProperty().set("2026-11-04 02:05");
        vm.form().maxConcurrentRegionsProperty().set(3);
        Plan plan = vm.planProperty().get();
        assertThat(plan.unplanned()).isEmpty();

        Plan.Batch withEdge = plan.batches().stream().filter(b -> b.hosts().contains("edge-eu-1")).findFirst()
                .orElseThrow();
        vm.selectedBatchProperty().set(withEdge.index());

        BatchDetails d = vm.batchDetailsProperty().get();
        assertThat(d.title()).isEqualTo("Batch " + withEdge.index() + " of " + plan.batches().size() + " · "
                + withEdge.hosts().size() + (withEdge.hosts().size() == 1 ? " host" : " hosts"));
        assertThat(d.hosts()).extracting(ReasonRow::host).containsExactlyElementsOf(withEdge.hosts());
        assertThat(d.hosts()).allSatisfy(r -> assertThat(r.reason()).startsWith("batch " + withEdge.index() + " at "));
        assertThat(d.migrations()).anySatisfy(m -> assertThat(m).matches("(cart|catalog): edge-eu-1 → .+"));
        assertThat(d.binding()).isEqualTo(withEdge.binding());
        assertThat(d.when()).startsWith("2026-11-03 ").endsWith(" min)");

        Plan.Batch surged = plan.batches().stream().filter(b -> !b.reservations().isEmpty()).findFirst().orElseThrow();
        vm.selectedBatchProperty().set(surged.index());
        assertThat(vm.batchDetailsProperty().get().reservations()).hasSize(surged.reservations().size())
                .first().asString().matches("\\w+: \\d+ × [\\w.]+ (spot|on-demand) in [\\w-]+, \\d\\d:\\d\\d – "
                        + "\\d\\d:\\d\\d UTC, \\$[\\d.,]+ \\([\\d.,]+ cores\\)");
    }

    @Test
    void theHeadroomChartShowsTheTightestServiceAgainstWhatThePlanLeavesIt() {
        PlanViewModel vm = loaded();

        assertThat(vm.services()).containsExactly("cart", "catalog", "checkout", "payments", "reports", "search");
        assertThat(vm.serviceProperty().get()).as("near 90 % CPU").isEqualTo("search");
        HeadroomData d = vm.headroomProperty().get();
        int steps = vm.problemProperty().get().steps();
        assertThat(d.x()).hasSize(steps + 1);
        assertThat(d.outSpans()).as("search hosts go out for their update").isNotEmpty();
        double capacity = vm.problemProperty().get().demands().get("search").capacityCores();
        for (int t = 0; t <= steps; t++) {
            assertThat(d.usable()[t]).isCloseTo(d.withSurge()[t] * d.limit(), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(d.inService()[t]).isLessThanOrEqualTo(capacity);
            assertThat(d.quantile()[t]).isGreaterThanOrEqualTo(d.median()[t] - 1e-9);
        }
        assertThat(d.inService()).contains(capacity - 8);

        vm.serviceProperty().set("reports");
        assertThat(vm.headroomProperty().get().service()).isEqualTo("reports");
        assertThat(vm.headroomProperty().get().outSpans()).as("no release for reports").isEmpty();
    }

    @Test
    void explanationsListEveryHostsReasonAndThePlansNotes() {
        PlanViewModel vm = loaded();
        Plan plan = vm.planProperty().get();

        assertThat(vm.reasons()).hasSize(plan.plannedHosts() + plan.unplanned().size());
        assertThat(vm.reasons().subList(0, plan.unplanned().size())).as("what the operator must act on first")
                .extracting(ReasonRow::host)
                .containsExactlyElementsOf(plan.unplanned().stream().map(Plan.Unplanned::host).toList());
        assertThat(vm.reasons().get(plan.unplanned().size()).batch()).isEqualTo(1);
        assertThat(vm.reasons().filtered(r -> r.planned())).allSatisfy(r ->
                assertThat(r.reason()).isEqualTo(plan.hostReasons().get(r.host())));
        assertThat(vm.notes()).containsExactlyElementsOf(plan.notes());

        vm.form().maxConcurrentRegionsProperty().set(1);
        vm.form().windowEndProperty().set("2026-11-03 14:35");
        Plan tight = vm.planProperty().get();
        assertThat(tight.unplanned()).isNotEmpty();
        assertThat(vm.unplanned()).extracting(ReasonRow::host)
                .containsExactlyElementsOf(tight.unplanned().stream().map(Plan.Unplanned::host).toList());
        assertThat(vm.notes()).anySatisfy(n -> assertThat(n).startsWith("The policy cannot fit"));
        assertThat(vm.statusProperty().get()).contains("cannot be planned under this policy");
    }

    @Test
    void exportWritesPlanJsonAndOneCsvRowPerBatchHostAndReservation(@TempDir Path dir) throws IOException {
        PlanViewModel vm = loaded();
        Plan plan = vm.planProperty().get();

        vm.exportJson(dir.resolve("plan.json"));
        vm.exportCsv(dir.resolve("plan.csv"));

        assertThat(Files.readString(dir.resolve("plan.json"))).isEqualTo(PlanJson.write(plan));
        List<String> lines = Files.readAllLines(dir.resolve("plan.csv"));
        int reservations = plan.batches().stream().mapToInt(b -> b.reservations().size()).sum();
        assertThat(lines.get(0)).isEqualTo(PlanCsv.HEADER);
        assertThat(lines).hasSize(1 + plan.plannedHosts() + reservations + plan.unplanned().size());
        Plan.Batch first = plan.batches().get(0);
        assertThat(lines.get(1)).startsWith("host,1," + plan.time(first.startStep()) + "," + plan.time(first.endStep())
                + "," + first.hosts().get(0) + ",");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("reservation,"));
        assertThat(activity.messageProperty().get()).isEqualTo("Plan written to " + dir.resolve("plan.csv"));
        assertThat(vm.exportName("json")).isEqualTo("sandbox-plan.json");
    }

    @Test
    void anExportThatCannotBeWrittenSaysWhyAndWhatToDo(@TempDir Path dir) {
        PlanViewModel vm = loaded();

        vm.exportJson(dir.resolve("missing").resolve("plan.json"));

        assertThat(problems.messageProperty().get()).isEqualTo("Could not write the plan to "
                + dir.resolve("missing").resolve("plan.json") + ": the folder does not exist. Choose a folder you can "
                + "write to and export again.");
    }

    @Test
    void anAccountThatCannotBeReadShowsTheBannerWithRetry() {
        store.failWith(new HeadroomException("The database is locked by another Headroom. Close it, then press Retry."));
        PlanViewModel vm = loaded();

        assertThat(problems.messageProperty().get()).isEqualTo("The database is locked by another Headroom. Close it, "
                + "then press Retry.");
        assertThat(vm.planProperty().get()).isNull();
        assertThat(vm.planningProperty().get()).isFalse();

        store.failWith(null);
        problems.retry();
        assertThat(vm.planProperty().get()).isNotNull();
    }
}
