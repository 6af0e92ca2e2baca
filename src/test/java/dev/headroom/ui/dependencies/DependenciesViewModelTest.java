package dev.headroom.ui.dependencies;

import dev.headroom.domain.Criticality;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.Window;
import dev.headroom.engine.ScoreService.ServiceLoads;
import dev.headroom.forecast.LoadScores.ServiceLoad;
import dev.headroom.graph.GraphService;
import dev.headroom.ui.DemoFleet;
import dev.headroom.ui.InMemoryFleetStore;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.BackgroundRunner;
import dev.headroom.ui.common.QueuedRunner;
import dev.headroom.ui.common.SharedForecasts;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.common.SameThreadRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.headroom.ui.DemoFleet.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The demo sandbox's graph: checkout → payments, cart, catalog; cart → catalog; search → catalog;
 * reports → payments.
 */
class DependenciesViewModelTest {
    private final InMemoryFleetStore store = DemoFleet.store();
    private final GraphService graphs = DemoFleet.graphService(store);
    private final Problems problems = new Problems();
    private final Activity activity = new Activity();
    /** The console's path: the demo fleet forecast once, shared, and scored by ScoreService. */
    private final LoadQueries loads =
            LoadQueries.of(new SharedForecasts(DemoFleet.forecastService(store)::forecast), store);
    private final DependenciesViewModel viewModel =
            new DependenciesViewModel(graphs, loads, new SameThreadRunner(), problems, activity);

    @BeforeEach
    void load() {
        viewModel.accountProperty().set(SANDBOX);
    }

    @Test
    void loadsTheAccountsGraphAndLaysItOut() {
        assertThat(viewModel.loadedProperty().get()).isTrue();
        assertThat(viewModel.services()).containsExactly("cart", "catalog", "checkout", "payments", "reports", "search");
        assertThat(viewModel.summaryProperty().get()).isEqualTo("6 services · 6 edges");
        GraphLayout layout = viewModel.layoutProperty().get();
        assertThat(layout.nodes().get("checkout").layer()).isZero();
        assertThat(layout.nodes().get("cart").layer()).isEqualTo(1);
        assertThat(layout.nodes().get("catalog").layer()).isEqualTo(2);
        assertThat(activity.busyProperty().get()).isFalse();
    }

    @Test
    void selectingAServiceHighlightsWhatItDependsOnAndWhatDependsOnIt() {
        viewModel.selectedProperty().set("cart");

        assertThat(viewModel.calleesProperty().get()).containsExactly("catalog");
        assertThat(viewModel.callersProperty().get()).containsExactly("checkout");
        assertThat(viewModel.isHighlighted("cart")).isTrue();
        assertThat(viewModel.isHighlighted("checkout")).isTrue();
        assertThat(viewModel.isHighlighted("search")).as("calls catalog, but not through cart").isFalse();
        assertThat(viewModel.isHighlighted("checkout", "cart")).isTrue();
        assertThat(viewModel.isHighlighted("cart", "catalog")).isTrue();
        assertThat(viewModel.isHighlighted("search", "catalog")).isFalse();
        assertThat(viewModel.isHighlighted("checkout", "payments")).isFalse();
        assertThat(viewModel.selectedEdges()).extracting(EdgeRow::title)
                .containsExactly("cart → catalog · 510/s", "checkout → cart · 340/s");
        assertThat(viewModel.selectedEdges().get(0).evidence()).containsExactly("cart/deployment.yaml:40");
        assertThat(viewModel.selectedDetailsProperty().get()).contains("Calls: catalog", "Called by: checkout")
                .as("0.9 × checkout's critical, as the load scores count it")
                .startsWith("Criticality: high, scored 90 of 100 through what depends on it\n");
        assertThat(viewModel.criticalityProperty().get()).isEqualTo(Criticality.HIGH);
    }

    @Test
    void dependenciesAreFollowedTransitively() {
        viewModel.selectedProperty().set("catalog");
        assertThat(viewModel.callersProperty().get()).containsExactlyInAnyOrder("cart", "checkout", "search");
        assertThat(viewModel.calleesProperty().get()).isEmpty();

        viewModel.selectedProperty().set("checkout");
        assertThat(viewModel.calleesProperty().get()).containsExactlyInAnyOrder("payments", "cart", "catalog");

        viewModel.selectedProperty().set(null);
        assertThat(viewModel.isHighlighted("search")).isTrue();
        assertThat(viewModel.selectedEdges()).isEmpty();
    }

    @Test
    void searchSelectsTheBestMatch() {
        viewModel.searchProperty().set("CAT");
        assertThat(viewModel.find()).contains("catalog");
        assertThat(viewModel.selectedProperty().get()).isEqualTo("catalog");

        viewModel.searchProperty().set("ments");
        assertThat(viewModel.find()).contains("payments");

        viewModel.searchProperty().set("nothing");
        assertThat(viewModel.find()).isEmpty();
        assertThat(viewModel.selectedProperty().get()).as("kept").isEqualTo("payments");
        assertThat(viewModel.searchMessageProperty().get()).isEqualTo("No service matches \"nothing\"");
    }

    @Test
    void addingAnEdgeStoresItAndReloadsKeepingTheSelection() {
        viewModel.selectedProperty().set("search");
        viewModel.addFromProperty().set("search");
        viewModel.addToProperty().set("cart");
        viewModel.addWeightProperty().set("42");

        viewModel.addEdge();

        assertThat(graphs.graph(SANDBOX).edge("search", "cart")).hasValueSatisfying(e -> {
            assertThat(e.weight()).isEqualTo(42);
            assertThat(e.byOperator()).isTrue();
        });
        assertThat(viewModel.summaryProperty().get()).isEqualTo("6 services · 7 edges");
        assertThat(viewModel.selectedProperty().get()).isEqualTo("search");
        assertThat(viewModel.calleesProperty().get()).containsExactlyInAnyOrder("cart", "catalog");
        assertThat(viewModel.selectedEdges()).anySatisfy(e -> {
            assertThat(e.title()).isEqualTo("search → cart · 42/s");
            assertThat(e.byOperator()).isTrue();
        });
        assertThat(activity.messageProperty().get()).isEqualTo("Edge search → cart added");
        assertThat(problems.messageProperty().get()).isEmpty();
    }

    @Test
    void anInvalidEdgeIsExplainedAndNotStored() {
        viewModel.addFromProperty().set("cart");
        viewModel.addToProperty().set("cart");
        viewModel.addEdge();
        assertThat(viewModel.addErrorProperty().get()).isEqualTo("A service cannot depend on itself.");

        viewModel.addToProperty().set("search");
        viewModel.addWeightProperty().set("lots");
        viewModel.addEdge();
        assertThat(viewModel.addErrorProperty().get()).startsWith("Type the weight");
        assertThat(graphs.graph(SANDBOX).edgeCount()).isEqualTo(6);
    }

    @Test
    void removingTheSelectedEdgeAndSettingCriticalityGoThroughTheService() {
        viewModel.selectedProperty().set("reports");
        viewModel.selectedEdgeProperty().set(viewModel.selectedEdges().get(0));

        viewModel.removeSelectedEdge();
        assertThat(graphs.graph(SANDBOX).edge("reports", "payments")).isEmpty();
        assertThat(viewModel.selectedEdges()).isEmpty();

        viewModel.criticalityProperty().set(Criticality.MEDIUM);
        viewModel.applyCriticality();
        assertThat(graphs.graph(SANDBOX).criticality("reports")).contains(Criticality.MEDIUM);
        assertThat(viewModel.selectedDetailsProperty().get()).contains("Criticality: medium");
    }

    @Test
    void reweightingTheSelectedEdgeGoesThroughTheServiceAndRejectsBadWeights() {
        viewModel.selectedProperty().set("cart");
        viewModel.selectedEdgeProperty().set(viewModel.selectedEdges().get(0));
        assertThat(viewModel.edgeWeightProperty().get()).isEqualTo("510");

        viewModel.edgeWeightProperty().set("-3");
        viewModel.reweightSelectedEdge();
        assertThat(viewModel.addErrorProperty().get()).contains("0 or more");
        assertThat(graphs.graph(SANDBOX).edge("cart", "catalog").orElseThrow().weight()).isEqualTo(510);

        viewModel.edgeWeightProperty().set("42");
        viewModel.reweightSelectedEdge();
        assertThat(viewModel.addErrorProperty().get()).isEmpty();
        assertThat(graphs.graph(SANDBOX).edge("cart", "catalog").orElseThrow().weight()).isEqualTo(42);
        assertThat(graphs.edits(SANDBOX)).hasSize(1);
    }

    @Test
    void aFailedEditGoesToProblems() {
        viewModel.selectedProperty().set("reports");
        EdgeRow gone = viewModel.selectedEdges().get(0);
        graphs.removeEdge(SANDBOX, "reports", "payments"); // removed behind the page's back
        viewModel.selectedEdgeProperty().set(gone);

        viewModel.removeSelectedEdge();

        assertThat(problems.messageProperty().get()).contains("no edge reports → payments");
        assertThat(viewModel.busyProperty().get()).isFalse();
        assertThat(activity.busyProperty().get()).isFalse();
    }

    @Test
    void anUnknownAccountGoesToProblemsWithRetry() {
        viewModel.accountProperty().set("nope");

        assertThat(problems.messageProperty().get()).contains("no account named \"nope\"");
        assertThat(problems.retryProperty().get()).isNotNull();
    }

    /** Loads that a test sets, for a view model on {@code runner}. */
    private static final class StubLoads implements LoadQueries {
        Map<String, Double> utilisation = Map.of();
        int reads;

        @Override
        public ServiceLoads serviceLoads(String account, ProgressListener progress) {
            reads++;
            progress.progress(0.5, "Forecast 1 of 2 series");
            Map<String, ServiceLoad> byService = new LinkedHashMap<>();
            utilisation.forEach((name, u) -> byService.put(name,
                    new ServiceLoad(name, 8, 8 * u, u, Double.isNaN(u) ? null : WINDOW.start(), Double.isNaN(u) ? 2 : 0)));
            return new ServiceLoads(account, WINDOW.start(), WINDOW, 0.95, byService);
        }
    }

    private static final Window WINDOW = new Window(Instant.parse("2026-11-04T06:00:00Z"),
            Instant.parse("2026-11-04T12:00:00Z"));

    private DependenciesViewModel viewModelOn(LoadQueries stub, BackgroundRunner runner) {
        DependenciesViewModel vm = new DependenciesViewModel(graphs, stub, runner, problems, activity);
        vm.accountProperty().set(SANDBOX);
        return vm;
    }

    @Test
    void loadBandsStartAtFiftyEightyAndNinetyPercent() {
        assertThat(List.of(0.0, 49.9, 50.0, 79.9, 80.0, 89.9, 90.0, 130.0)).extracting(LoadBand::of)
                .containsExactly(LoadBand.LOW, LoadBand.LOW, LoadBand.MODERATE, LoadBand.MODERATE, LoadBand.HIGH,
                        LoadBand.HIGH, LoadBand.CRITICAL, LoadBand.CRITICAL);
        assertThat(LoadBand.of(Double.NaN)).isEqualTo(LoadBand.UNKNOWN);
        assertThat(LoadBand.CRITICAL.styleClass()).isEqualTo("dep-load-critical");
    }

    @Test
    void colouringByLoadMapsEachServicesPeakLoadToItsBand() {
        StubLoads stub = new StubLoads();
        stub.utilisation = Map.of("search", 0.93, "checkout", 0.84, "cart", 0.55, "catalog", 0.31,
                "payments", Double.NaN);
        DependenciesViewModel vm = viewModelOn(stub, new SameThreadRunner());
        assertThat(vm.fillClass("search")).as("criticality first").isEqualTo("dep-node-high");
        assertThat(stub.reads).as("loads are read only when asked for").isZero();

        vm.colouringProperty().set(Colouring.LOAD);

        assertThat(vm.shownColouringProperty().get()).isEqualTo(Colouring.LOAD);
        assertThat(List.of("search", "checkout", "cart", "catalog", "payments", "reports")).extracting(vm::fillClass)
                .containsExactly("dep-load-critical", "dep-load-high", "dep-load-moderate", "dep-load-low",
                        "dep-load-unknown", "dep-load-unknown");
        assertThat(vm.loadPercent("search")).isCloseTo(93.0, within(1e-9));
        assertThat(vm.legendProperty().get()).extracting(DependenciesViewModel.LegendEntry::label)
                .containsExactly("under 50 %", "50–80 %", "80–90 %", "90 % and over", "no forecast yet");
        assertThat(vm.legendTextProperty().get()).contains("2026-11-04 06:00 UTC – 2026-11-04 12:00 UTC",
                "0.95 quantile");
        assertThat(vm.nodeTooltip("search")).isEqualTo("search · criticality high · peak cpu 93 % of 8 cores at "
                + "2026-11-04 06:00 UTC");
        assertThat(vm.nodeTooltip("payments")).endsWith("no load forecast for the window");

        vm.colouringProperty().set(Colouring.CRITICALITY);
        assertThat(vm.fillClass("search")).isEqualTo("dep-node-high");
        assertThat(vm.legendProperty().get()).extracting(DependenciesViewModel.LegendEntry::label)
                .containsExactly("critical", "high", "medium", "low", "not set");
        vm.colouringProperty().set(Colouring.LOAD);
        assertThat(stub.reads).as("read once per account").isEqualTo(1);
    }

    @Test
    void criticalityColoursStayWhileTheLoadsAreBeingRead() {
        StubLoads stub = new StubLoads();
        stub.utilisation = Map.of("search", 0.93);
        QueuedRunner runner = new QueuedRunner();
        DependenciesViewModel vm = viewModelOn(stub, runner);
        runner.finishOldest(); // the graph

        vm.colouringProperty().set(Colouring.LOAD);

        assertThat(vm.loadsBusyProperty().get()).isTrue();
        assertThat(activity.busyProperty().get()).isTrue();
        assertThat(vm.shownColouringProperty().get()).isEqualTo(Colouring.CRITICALITY);
        assertThat(vm.fillClass("search")).isEqualTo("dep-node-high");
        assertThat(vm.legendTextProperty().get()).startsWith("Forecasting the load");

        runner.finishOldest();

        assertThat(vm.loadsBusyProperty().get()).isFalse();
        assertThat(activity.busyProperty().get()).isFalse();
        assertThat(vm.fillClass("search")).isEqualTo("dep-load-critical");
    }

    @Test
    void loadsOfAnAccountLeftBehindDoNotShow() {
        StubLoads stub = new StubLoads();
        stub.utilisation = Map.of("search", 0.93);
        QueuedRunner runner = new QueuedRunner();
        DependenciesViewModel vm = viewModelOn(stub, runner);
        vm.colouringProperty().set(Colouring.LOAD); // graph and loads of the sandbox queued

        vm.accountProperty().set(DemoFleet.SCENARIO); // graph and loads of the scenario queued
        runner.finishOldest();
        runner.finishOldest();

        assertThat(vm.serviceLoadsProperty().get()).as("the sandbox's loads came too late").isNull();
        runner.finishOldest();
        runner.finishOldest();
        assertThat(vm.serviceLoadsProperty().get().account()).isEqualTo(DemoFleet.SCENARIO);
    }

    @Test
    void aFailedLoadReadKeepsCriticalityColoursAndOffersRetry() {
        LoadQueries failing = (account, progress) -> {
            throw new HeadroomException("The forecast of \"" + account + "\" failed. Try again.");
        };
        DependenciesViewModel vm = viewModelOn(failing, new SameThreadRunner());

        vm.colouringProperty().set(Colouring.LOAD);

        assertThat(problems.messageProperty().get()).contains("The forecast of \"sandbox\" failed");
        assertThat(problems.retryProperty().get()).isNotNull();
        assertThat(vm.shownColouringProperty().get()).isEqualTo(Colouring.CRITICALITY);
        assertThat(vm.legendTextProperty().get()).startsWith("No forecast yet");
        assertThat(vm.loadsBusyProperty().get()).isFalse();
    }

    @Test
    void loadsAreTheServicesPeakCpuOverTheNextSixHoursAtTheDefaultQuantile() {
        viewModel.colouringProperty().set(Colouring.LOAD);

        ServiceLoads read = viewModel.serviceLoadsProperty().get();
        assertThat(read.quantile()).isEqualTo(0.95);
        assertThat(read.window()).isEqualTo(new Window(DemoFleet.SANDBOX_NOW, DemoFleet.SANDBOX_NOW.plusSeconds(6 * 3600)));
        // search's hosts run at 88–95 % cpu, reports' at 10–12 % (DemoFleet); the daily wave dips after now
        assertThat(viewModel.loadBand("search")).isIn(LoadBand.HIGH, LoadBand.CRITICAL);
        assertThat(viewModel.loadBand("reports")).isEqualTo(LoadBand.LOW);
        assertThat(read.byService().get("reports").hostsWithoutForecast()).as("reports-ap-1 has no samples")
                .isEqualTo(1);
        assertThat(viewModel.loadPercent("search")).isGreaterThan(viewModel.loadPercent("cart"));
        assertThat(problems.messageProperty().get()).isEmpty();
    }

    @Test
    void strokeWidthGrowsWithTheLogarithmOfTheWeight() {
        assertThat(EdgeRow.strokeWidth(0)).isEqualTo(1);
        assertThat(EdgeRow.strokeWidth(2)).isEqualTo(1);
        assertThat(EdgeRow.strokeWidth(100)).isGreaterThan(EdgeRow.strokeWidth(10));
        assertThat(EdgeRow.strokeWidth(1e9)).isEqualTo(7);
        assertThat(List.of(EdgeRow.weightText(2.5), EdgeRow.weightText(120))).containsExactly("2.50", "120");
    }
}
