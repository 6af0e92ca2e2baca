package dev.headroom.ui.plan;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.Window;
import dev.headroom.persistence.SqliteScenarioRepository;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanJson;
import dev.headroom.plan.PlanScenarios;
import dev.headroom.plan.SavedScenario;
import dev.headroom.plan.ScenarioComparison;
import dev.headroom.ui.DemoFleet;
import dev.headroom.ui.InMemoryFleetStore;
import dev.headroom.ui.InMemoryScenarioRepository;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.common.QueuedRunner;
import dev.headroom.ui.common.SameThreadRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PlanViewModelTest {
    private final InMemoryFleetStore store = PlanFleet.store();
    private final InMemoryScenarioRepository repository = new InMemoryScenarioRepository();
    private final PlanFleet.Recording queries = new PlanFleet.Recording(store, repository);
    /** The command line's view of the same store: {@code headroom scenarios} over {@link #repository}. */
    private final PlanScenarios cli = PlanFleet.scenarios(store, repository);
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

        assertThat(vm.scenarios()).extracting(Scenario::name).containsExactly("baseline", "scenario-2");
        assertThat(vm.scenarios().get(1).policy().safetyMargin()).isEqualTo(0.4);
        assertThat(vm.comparison()).extracting(ComparisonRow::name)
                .containsExactly(ComparisonRow.CURRENT, "baseline", "scenario-2");
        for (ComparisonRow row : vm.comparison().subList(1, 3)) {
            Plan p = row.scenario().plan().orElseThrow();
            Plan.Summary s = p.summary();
            assertThat(row.windowMinutes()).isEqualTo(s.makespanMinutes());
            assertThat(row.surgeCostUsd()).isEqualTo(s.surgeCostUsd());
            assertThat(row.minHeadroomFraction()).isEqualTo(s.minHeadroomFraction());
            assertThat(row.batches()).isEqualTo(p.batches().size());
            assertThat(row.risk()).isEqualTo(s.risk());
            assertThat(row.windowFits()).isEqualTo(s.windowFits());
            assertThat(row.predictedViolations()).isEqualTo(s.predictedViolations());
            assertThat(row.note()).isEmpty();
        }
        Plan.Summary baseline = vm.scenarios().get(0).plan().orElseThrow().summary();
        Plan.Summary cautious = vm.scenarios().get(1).plan().orElseThrow().summary();
        assertThat(cautious).isNotEqualTo(baseline);
        assertThat(vm.comparison().get(0).surgeCostUsd()).isEqualTo(vm.planProperty().get().summary().surgeCostUsd());
    }

    @Test
    void scenariosAreSavedClonedRenamedReplacedAndDeletedInTheStore() {
        PlanViewModel vm = loaded();
        vm.scenarioNameProperty().set("night");
        vm.saveScenario();
        Scenario night = vm.scenarios().get(0);
        assertThat(stored()).containsExactly("night");
        assertThat(cli.get(DemoFleet.SANDBOX, "night").planJson())
                .contains(PlanJson.write(night.plan().orElseThrow().withScenario("night")));
        assertThat(vm.scenarioNameProperty().get()).as("the name was used").isEmpty();

        vm.cloneScenario(night);
        assertThat(vm.scenarios()).extracting(Scenario::name).containsExactly("night", "night-copy");
        assertThat(stored()).containsExactly("night", "night-copy");
        Scenario copy = vm.scenarios().get(1);

        vm.scenarioNameProperty().set("NIGHT");
        vm.renameScenario(copy);
        assertThat(vm.scenarioErrorProperty().get()).isEqualTo("A scenario named \"NIGHT\" exists already: choose "
                + "another name.");
        vm.scenarioNameProperty().set("no-spot");
        assertThat(vm.scenarioErrorProperty().get()).as("typing clears the complaint").isEmpty();
        vm.renameScenario(copy);
        assertThat(vm.scenarios()).extracting(Scenario::name).containsExactly("night", "no-spot");
        assertThat(stored()).containsExactly("night", "no-spot");
        Scenario noSpot = vm.scenarios().get(1);

        vm.form().spotAllowedProperty().set(false);
        vm.replaceScenario(noSpot);
        assertThat(vm.scenarios().get(1).policy().spotAllowed()).isFalse();
        assertThat(vm.scenarios().get(1).name()).isEqualTo("no-spot");
        assertThat(cli.get(DemoFleet.SANDBOX, "no-spot").policy().spotAllowed()).isFalse();

        int writes = repository.writes();
        vm.scenarioNameProperty().set("night");
        vm.saveScenario();
        assertThat(vm.scenarioErrorProperty().get()).startsWith("A scenario named \"night\" exists already");
        assertThat(vm.scenarios()).hasSize(2);
        assertThat(repository.writes()).isEqualTo(writes);

        vm.loadScenario(vm.scenarios().get(0));
        assertThat(vm.form().spotAllowedProperty().get()).isTrue();
        assertThat(vm.planProperty().get().policy()).isEqualTo(night.policy());
        assertThat(vm.planProperty().get().summary()).isEqualTo(night.plan().orElseThrow().summary());

        vm.deleteScenario(vm.scenarios().get(0));
        assertThat(vm.scenarios()).extracting(Scenario::name).containsExactly("no-spot");
        assertThat(stored()).containsExactly("no-spot");
        assertThat(problems.messageProperty().get()).isEmpty();
    }

    @Test
    void defaultNamesAreValidScenarioNamesAndTheNameFieldSaysWhatANameMayHold() {
        PlanViewModel vm = loaded();
        vm.saveScenario();
        vm.saveScenario();
        vm.cloneScenario(vm.scenarios().get(0));
        vm.cloneScenario(vm.scenarios().get(0));
        assertThat(vm.scenarios()).extracting(Scenario::name)
                .containsExactly("scenario-1", "scenario-1-copy-2", "scenario-1-copy", "scenario-2");
        assertThat(stored()).containsExactlyInAnyOrder("scenario-1", "scenario-1-copy", "scenario-1-copy-2",
                "scenario-2");

        int writes = repository.writes();
        vm.scenarioNameProperty().set("no spot");
        assertThat(vm.scenarioErrorProperty().get()).isEqualTo("\"no spot\" cannot name a scenario: use letters, "
                + "digits, '.', '_', '-', ':' or '@' without spaces, starting with a letter or digit (at most 128), "
                + "e.g. no-spot.");
        vm.saveScenario();
        vm.renameScenario(vm.scenarios().get(0));
        vm.cloneScenario(vm.scenarios().get(0));
        assertThat(repository.writes()).as("nothing reaches the store under a bad name").isEqualTo(writes);
        assertThat(vm.scenarios()).hasSize(4);

        vm.scenarioNameProperty().set("-night");
        assertThat(vm.scenarioErrorProperty().get()).endsWith("e.g. night.");
        vm.scenarioNameProperty().set(" night@eu:v2 ");
        assertThat(vm.scenarioErrorProperty().get()).as("spaces around the name do not count").isEmpty();
        vm.saveScenario();
        assertThat(stored()).contains("night@eu:v2");
    }

    @Test
    void anAccountsStoredScenariosAreReadWhenItIsShown() {
        PlanViewModel vm = loaded();
        vm.saveScenario();
        Plan saved = vm.scenarios().get(0).plan().orElseThrow();

        vm.accountProperty().set(DemoFleet.SCENARIO);
        assertThat(vm.scenarios()).isEmpty();
        vm.accountProperty().set(DemoFleet.SANDBOX);

        assertThat(vm.scenarios()).extracting(Scenario::name).containsExactly("scenario-1");
        Plan read = vm.scenarios().get(0).plan().orElseThrow();
        assertThat(read).as("read from the store onto the fleet").isNotSameAs(saved);
        assertThat(read.policy()).isEqualTo(saved.policy());
        assertThat(read.batches()).isEqualTo(saved.batches());
        assertThat(read.hostReasons()).isEqualTo(saved.hostReasons());
        assertThat(read.notes()).isEqualTo(saved.notes());
        assertThat(read.summary().makespanMinutes()).isEqualTo(saved.summary().makespanMinutes());
        assertThat(read.summary().surgeCostUsd()).isEqualTo(saved.summary().surgeCostUsd());
        assertThat(read.summary().predictedViolations()).isEqualTo(saved.summary().predictedViolations());
        assertThat(vm.comparison()).extracting(ComparisonRow::name).containsExactly(ComparisonRow.CURRENT, "scenario-1");
        assertThat(vm.comparison().get(1).note()).isEmpty();
    }

    @Test
    void aScenarioPlannedFromTheCommandLineShowsWithItsPlanReadOntoTheFleet() {
        Policy policy = queries.real.source(DemoFleet.SANDBOX).policy();
        SavedScenario half = cli.plan(DemoFleet.SANDBOX, "half-batches", Optional.of(batchFraction(policy, 0.5)),
                "heuristic", Duration.ofSeconds(10), ProgressListener.NONE);

        PlanViewModel vm = loaded();

        assertThat(vm.scenarios()).extracting(Scenario::name).containsExactly("half-batches");
        Plan p = vm.scenarios().get(0).plan().orElseThrow();
        assertThat(p.policy().maxBatchFraction()).isEqualTo(0.5);
        assertThat(p.hostReasons()).as("kept from the stored plan.json").isNotEmpty();
        ScenarioComparison.Row figures = ScenarioComparison.row(half);
        ComparisonRow row = vm.comparison().get(1);
        assertThat(row.name()).isEqualTo("half-batches");
        assertThat(row.note()).isEmpty();
        assertThat(row.windowMinutes()).isEqualTo(figures.windowMinutes());
        assertThat(row.surgeCostUsd()).isEqualTo(figures.surgeCostUsd());
        assertThat(row.minHeadroomFraction()).isEqualTo(figures.minHeadroomFraction());
        assertThat(row.batches()).isEqualTo(figures.batches());
        assertThat(row.risk()).isEqualTo(figures.risk());
        assertThat(row.predictedViolations()).isEqualTo(figures.predictedViolations());
        assertThat(queries.forecasts).as("read onto the forecast made for the same window").isEqualTo(1);

        // stored from the command line while the page is open: listed when the scenarios are read again
        cli.plan(DemoFleet.SANDBOX, "cautious", Optional.of(batchFraction(policy, 0.2)), "heuristic",
                Duration.ofSeconds(10), ProgressListener.NONE);
        vm.reloadScenarios();
        assertThat(vm.scenarios()).extracting(Scenario::name).containsExactly("cautious", "half-batches");
        assertThat(vm.scenarios()).allSatisfy(s -> assertThat(s.stale()).isFalse());
    }

    @Test
    void aScenarioStoredForAnotherWindowIsMeasuredOnItsOwnWindowsForecast() {
        Instant start = Instant.parse("2026-11-03T15:05:00Z");
        Policy later = queries.real.source(DemoFleet.SANDBOX).policy()
                .withWindow(new Window(start, Instant.parse("2026-11-03T19:05:00Z")));
        cli.plan(DemoFleet.SANDBOX, "later", Optional.of(later), "heuristic", Duration.ofSeconds(10),
                ProgressListener.NONE);

        PlanViewModel vm = loaded();

        Plan p = vm.scenarios().get(0).plan().orElseThrow();
        assertThat(p.start()).isEqualTo(start);
        assertThat(vm.problemProperty().get().start()).as("the page's own plan keeps its window")
                .isEqualTo(Instant.parse("2026-11-03T14:05:00Z"));
        assertThat(queries.forecasts).as("the account's window, then the scenario's").isEqualTo(2);
        vm.reloadScenarios();
        assertThat(queries.forecasts).as("a window is forecast once while the account is shown").isEqualTo(2);
    }

    @Test
    void aStoredPlanWhoseHostsAreGoneShowsItsStoredFiguresAndSaysToPlanItAgain() {
        PlanViewModel vm = loaded();
        vm.scenarioNameProperty().set("before-decommission");
        vm.saveScenario();
        String gone = vm.scenarios().get(0).plan().orElseThrow().batches().get(0).hosts().get(0);
        decommission(gone);

        vm.accountProperty().set(DemoFleet.SCENARIO);
        vm.accountProperty().set(DemoFleet.SANDBOX);

        Scenario s = vm.scenarios().get(0);
        assertThat(s.stale()).isTrue();
        assertThat(s.mismatch()).contains("names " + gone + ", which is not in the fleet");
        ComparisonRow row = vm.comparison().get(1);
        assertThat(row.note()).isEqualTo("stored plan no longer matches the fleet — plan it again");
        ScenarioComparison.Row figures = ScenarioComparison.row(cli.get(DemoFleet.SANDBOX, "before-decommission"));
        assertThat(row.known()).isTrue();
        assertThat(row.windowMinutes()).isEqualTo(figures.windowMinutes());
        assertThat(row.surgeCostUsd()).isEqualTo(figures.surgeCostUsd());
        assertThat(row.batches()).isEqualTo(figures.batches());
        assertThat(row.solver()).isEqualTo("heuristic");
        assertThat(problems.messageProperty().get()).as("nothing failed").isEmpty();
        assertThat(vm.planProperty().get().batches()).as("the account is planned as ever").isNotEmpty();
    }

    @Test
    void aStoredScenarioWhoseWindowHasPassedShowsItsStoredFiguresAndLoadsForPlanningAgain() {
        var source = queries.real.source(DemoFleet.SANDBOX);
        Plan today = queries.real.plan(queries.real.problem(source, source.policy(), ProgressListener.NONE));
        Duration day = Duration.ofDays(1);
        Policy yesterday = today.policy().withWindow(new Window(today.start().minus(day),
                today.policy().window().orElseThrow().end().minus(day)));
        cli.save(DemoFleet.SANDBOX, "yesterday", new Plan(today.scenario(), today.solver(), yesterday,
                today.start().minus(day), today.step(), today.batches(), today.unplanned(), today.hostReasons(),
                today.summary(), today.notes()));
        repository.save(new SavedScenario(DemoFleet.SANDBOX, "draft", yesterday, "heuristic", Optional.empty(),
                Instant.EPOCH, Instant.EPOCH));

        PlanViewModel vm = loaded();

        assertThat(vm.scenarios()).extracting(Scenario::name).containsExactly("draft", "yesterday");
        Scenario passed = vm.scenarios().get(1);
        assertThat(passed.stale()).isTrue();
        assertThat(passed.mismatch()).contains("before the planning time");
        ComparisonRow row = vm.comparison().get(2);
        assertThat(row.note()).isEqualTo(Scenario.MISMATCH);
        assertThat(row.batches()).isEqualTo(today.batches().size());
        assertThat(row.windowMinutes()).isEqualTo(today.summary().makespanMinutes());
        ComparisonRow draft = vm.comparison().get(1);
        assertThat(draft.known()).as("never planned: no figures").isFalse();
        assertThat(draft.note()).isEqualTo(Scenario.NO_PLAN);
        assertThat(problems.messageProperty().get()).isEmpty();

        vm.loadScenario(passed);
        assertThat(vm.form().windowStartProperty().get()).isEqualTo("2026-11-02 14:05");
        assertThat(vm.form().errorProperty(PolicyForm.WINDOW_START).get())
                .isEqualTo("The window must start at or after the planning time, 2026-11-03 14:05 UTC.");
        assertThat(vm.statusProperty().get()).startsWith("Fix the marked field");
    }

    @Test
    void theListChangesOnlyOnceTheStoreHasTakenTheChange() {
        QueuedRunner runner = new QueuedRunner();
        PlanViewModel vm = new PlanViewModel(queries, runner, problems, activity);
        vm.accountProperty().set(DemoFleet.SANDBOX);
        runner.finishOldest();

        vm.saveScenario();
        vm.saveScenario();
        assertThat(vm.scenarios()).isEmpty();
        assertThat(runner.pending()).isEqualTo(2);
        assertThat(activity.busyProperty().get()).isTrue();
        runner.finishOldest();
        runner.finishOldest();

        assertThat(vm.scenarios()).extracting(Scenario::name).as("the second click did not take the name being stored")
                .containsExactly("scenario-1", "scenario-2");
        assertThat(stored()).containsExactly("scenario-1", "scenario-2");
        assertThat(activity.busyProperty().get()).isFalse();
    }

    @Test
    void aStoreThatFailsShowsTheBannerAndRetryDoesItAgain() {
        repository.failWith(new HeadroomException("The database is locked by another Headroom. Close it, then press "
                + "Retry."));
        PlanViewModel vm = loaded();
        assertThat(vm.planProperty().get()).as("the plan shows without the scenarios").isNotNull();
        assertThat(problems.messageProperty().get()).startsWith("The database is locked");

        vm.scenarioNameProperty().set("night");
        vm.saveScenario();
        assertThat(problems.messageProperty().get()).startsWith("The database is locked");
        assertThat(vm.scenarios()).isEmpty();
        assertThat(vm.scenarioNameProperty().get()).as("kept for another try").isEqualTo("night");

        repository.failWith(null);
        problems.retry();
        assertThat(vm.scenarios()).extracting(Scenario::name).containsExactly("night");
        assertThat(stored()).containsExactly("night");
        assertThat(problems.messageProperty().get()).isEmpty();
    }

    @Test
    void scenariosSavedOnThePageAreInTheSqliteFileTheCommandLineReads(@TempDir Path dir) {
        SqliteStore sqlite = SqliteStore.open(dir.resolve("headroom.db"));
        try {
            SqliteScenarioRepository onDisk = new SqliteScenarioRepository(sqlite);
            PlanViewModel vm = new PlanViewModel(new PlanFleet.Recording(store, onDisk), new SameThreadRunner(),
                    problems, activity);
            vm.accountProperty().set(DemoFleet.SANDBOX);
            vm.scenarioNameProperty().set("night");
            vm.saveScenario();
            vm.cloneScenario(vm.scenarios().get(0));

            PlanScenarios headroomScenarios = PlanFleet.scenarios(store, onDisk);
            assertThat(headroomScenarios.list(DemoFleet.SANDBOX)).extracting(SavedScenario::name)
                    .containsExactly("night", "night-copy");
            assertThat(headroomScenarios.compare(DemoFleet.SANDBOX, List.of("night")))
                    .containsExactly(ScenarioComparison.row("night", vm.scenarios().get(0).plan().orElseThrow()));
            assertThat(problems.messageProperty().get()).isEmpty();
        } finally {
            sqlite.close();
        }
    }

    private List<String> stored() {
        return cli.list(DemoFleet.SANDBOX).stream().map(SavedScenario::name).toList();
    }

    /** The sandbox without host {@code id}, as after it was decommissioned. */
    private void decommission(String id) {
        AccountSnapshot s = store.load(DemoFleet.SANDBOX, true).orElseThrow();
        store.replace(new AccountSnapshot(s.account(), s.instanceTypes(),
                s.hosts().stream().filter(h -> !h.id().equals(id)).toList(), s.services(), s.dependencies(),
                s.metrics().stream().filter(m -> !m.id().hostId().equals(id)).toList(), s.releases(),
                s.updateHistory(), s.events(), s.policy()));
    }

    private static Policy batchFraction(Policy p, double fraction) {
        return new Policy(p.window(), p.safetyMargin(), p.criticalityWeight(), p.capacityWeight(), fraction,
                p.maxConcurrentRegions(), p.minHealthyFraction(), p.rollbackThreshold(), p.stabilizationMinutes(),
                p.spotAllowed(), p.budgetUsd(), p.forecastQuantile());
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
