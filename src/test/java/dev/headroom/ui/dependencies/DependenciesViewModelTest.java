package dev.headroom.ui.dependencies;

import dev.headroom.domain.Criticality;
import dev.headroom.graph.GraphService;
import dev.headroom.ui.DemoFleet;
import dev.headroom.ui.InMemoryFleetStore;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.common.SameThreadRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.headroom.ui.DemoFleet.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo sandbox's graph: checkout → payments, cart, catalog; cart → catalog; search → catalog;
 * reports → payments.
 */
class DependenciesViewModelTest {
    private final InMemoryFleetStore store = DemoFleet.store();
    private final GraphService graphs = DemoFleet.graphService(store);
    private final Problems problems = new Problems();
    private final Activity activity = new Activity();
    private final DependenciesViewModel viewModel =
            new DependenciesViewModel(graphs, new SameThreadRunner(), problems, activity);

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
        assertThat(viewModel.selectedDetailsProperty().get()).contains("Criticality: high", "Calls: catalog",
                "Called by: checkout");
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

    @Test
    void strokeWidthGrowsWithTheLogarithmOfTheWeight() {
        assertThat(EdgeRow.strokeWidth(0)).isEqualTo(1);
        assertThat(EdgeRow.strokeWidth(2)).isEqualTo(1);
        assertThat(EdgeRow.strokeWidth(100)).isGreaterThan(EdgeRow.strokeWidth(10));
        assertThat(EdgeRow.strokeWidth(1e9)).isEqualTo(7);
        assertThat(List.of(EdgeRow.weightText(2.5), EdgeRow.weightText(120))).containsExactly("2.50", "120");
    }
}
