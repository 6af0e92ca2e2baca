package dev.headroom.ui.fleet;

import dev.headroom.domain.Account;
import dev.headroom.domain.HeadroomException;
import dev.headroom.fleet.FleetOverview;
import dev.headroom.fleet.FleetService;
import dev.headroom.ui.DemoFleet;
import dev.headroom.ui.InMemoryFleetStore;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.common.QueuedRunner;
import dev.headroom.ui.common.SameThreadRunner;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FleetViewModelTest {
    private final InMemoryFleetStore store = DemoFleet.store();
    private final FleetService service = DemoFleet.fleetService(store);
    private final Problems problems = new Problems();
    private final Activity activity = new Activity();
    private final FleetViewModel viewModel = new FleetViewModel(FleetQueries.of(service), DemoFleet.SANDBOX,
            new SameThreadRunner(), problems, activity);

    private List<String> ids() {
        return viewModel.hostRows().stream().map(HostRow::id).toList();
    }

    @Test
    void loadShowsPreferredAccountWithItsClockHostsAndTotals() {
        viewModel.load();

        assertThat(viewModel.accountProperty().get()).isEqualTo(DemoFleet.SANDBOX);
        assertThat(viewModel.accountNames()).containsExactly(DemoFleet.SCENARIO, DemoFleet.SANDBOX);
        assertThat(viewModel.clockProperty().get()).isEqualTo(DemoFleet.SANDBOX_NOW);
        assertThat(viewModel.hostRows()).hasSize(DemoFleet.SANDBOX_HOSTS);
        assertThat(viewModel.rowCountTextProperty().get()).isEqualTo("24 of 24 hosts");
        assertThat(viewModel.hostsTextProperty().get()).isEqualTo("24");
        assertThat(viewModel.servicesTextProperty().get()).isEqualTo("6");
        assertThat(viewModel.placementTextProperty().get()).isEqualTo("3 regions · 8 zones");
        assertThat(viewModel.capacityTextProperty().get()).isEqualTo("116 cores · 400 GiB");
        assertThat(viewModel.costTextProperty().get()).isEqualTo("$5.46 / h");
        assertThat(viewModel.cpuLoadProperty().get())
                .isEqualTo(service.overview(DemoFleet.SANDBOX).summary().cpuLoadPercent());
        assertThat(viewModel.loadedProperty().get()).isTrue();
        assertThat(problems.messageProperty().get()).isEmpty();
    }

    @Test
    void unknownPreferredAccountFallsBackToTheFirstAccount() {
        FleetViewModel other = new FleetViewModel(FleetQueries.of(service), "gone", new SameThreadRunner(),
                problems, activity);

        other.load();

        assertThat(other.accountProperty().get()).isEqualTo(DemoFleet.SCENARIO);
        assertThat(other.hostRows()).hasSize(4);
    }

    @Test
    void hostsAreInNaturalIdOrderBeforeAnySort() {
        viewModel.load();

        assertThat(ids()).startsWith("cart-ap-1", "cart-eu-1", "cart-us-1", "cart-us-2");
        assertThat(ids().indexOf("checkout-us-2")).isLessThan(ids().indexOf("checkout-us-10"));
    }

    @Test
    void filterTextMatchesAnyFieldAndNeedsEveryWord() {
        viewModel.load();

        viewModel.filterTextProperty().set("SEARCH");
        assertThat(ids()).containsExactly("search-ap-1", "search-eu-1", "search-us-1");

        viewModel.filterTextProperty().set("critical ap-south");
        assertThat(ids()).containsExactly("checkout-ap-1", "payments-ap-1");
        assertThat(viewModel.rowCountTextProperty().get()).isEqualTo("2 of 24 hosts");

        viewModel.filterTextProperty().set("12.0.4");
        assertThat(ids()).containsExactly("search-eu-1", "search-us-1");

        viewModel.filterTextProperty().set("us-east-1b r6.xlarge");
        assertThat(ids()).containsExactly("cart-us-1");

        viewModel.filterTextProperty().set("  ");
        assertThat(viewModel.rowCountTextProperty().get()).isEqualTo("24 of 24 hosts");
    }

    @Test
    void regionFilterNarrowsAndCombinesWithText() {
        viewModel.load();
        assertThat(viewModel.regions()).containsExactly(FleetViewModel.ALL_REGIONS, "ap-south-1", "eu-west-1",
                "us-east-1");

        viewModel.regionProperty().set("eu-west-1");
        assertThat(viewModel.hostRows()).hasSize(DemoFleet.EU_WEST_HOSTS)
                .allSatisfy(r -> assertThat(r.region()).isEqualTo("eu-west-1"));
        assertThat(viewModel.rowCountTextProperty().get()).isEqualTo("9 of 24 hosts");

        viewModel.filterTextProperty().set("checkout");
        assertThat(ids()).containsExactly("checkout-eu-1", "checkout-eu-2");

        viewModel.regionProperty().set(FleetViewModel.ALL_REGIONS);
        assertThat(viewModel.hostRows()).hasSize(6);
    }

    @Test
    void multiServiceHostMatchesEachOfItsServices() {
        viewModel.load();

        viewModel.filterTextProperty().set("catalog");

        assertThat(ids()).contains("edge-eu-1");
        assertThat(viewModel.hostRows().stream().filter(r -> r.id().equals("edge-eu-1")).findFirst().orElseThrow()
                .services()).isEqualTo("cart, catalog");
    }

    @Test
    void hostsWithoutSamplesKeepNaNAndSortLastInBothDirections() {
        viewModel.load();
        HostRow reports = viewModel.hostRows().stream().filter(r -> r.id().equals("reports-ap-1")).findFirst()
                .orElseThrow();
        assertThat(reports.cpuPercent()).isNaN();
        assertThat(Formats.percent(reports.cpuPercent())).isEqualTo(Formats.UNKNOWN);

        viewModel.sort(List.of(new SortKey(HostColumn.CPU, false)));
        assertThat(ids()).startsWith("search-ap-1", "search-eu-1", "search-us-1");
        assertThat(ids()).endsWith("reports-ap-1");

        viewModel.sort(List.of(new SortKey(HostColumn.CPU, true)));
        assertThat(ids()).startsWith("reports-us-1", "reports-eu-1");
        assertThat(ids()).endsWith("reports-ap-1");

        viewModel.sort(List.of(new SortKey(HostColumn.MEMORY, false)));
        assertThat(ids()).endsWith("catalog-us-1", "reports-ap-1");
    }

    @Test
    void sortByCriticalityThenCostKeepsSeverityOrderAndBreaksTiesById() {
        viewModel.load();

        viewModel.sort(List.of(new SortKey(HostColumn.CRITICALITY, false), new SortKey(HostColumn.COST, true)));

        List<HostRow> rows = viewModel.hostRows();
        assertThat(rows.get(0).id()).isEqualTo("checkout-ap-1");
        assertThat(rows.get(rows.size() - 1).id()).isEqualTo("reports-us-1");
        assertThat(ids().subList(0, 5)).containsExactly("checkout-ap-1", "payments-ap-1", "payments-eu-1",
                "payments-eu-2", "payments-us-1");

        viewModel.sort(List.of());
        assertThat(ids().get(0)).isEqualTo("cart-ap-1");
    }

    @Test
    void switchingAccountLoadsItsHostsAndClockAndResetsAMissingRegion() {
        viewModel.load();
        viewModel.regionProperty().set("eu-west-1");

        viewModel.accountProperty().set(DemoFleet.SCENARIO);

        assertThat(viewModel.clockProperty().get()).isEqualTo(DemoFleet.SCENARIO_UNTIL);
        assertThat(viewModel.regionProperty().get()).isEqualTo(FleetViewModel.ALL_REGIONS);
        assertThat(ids()).containsExactly("cart-1", "search-1", "shop-1", "shop-2");
        assertThat(viewModel.rowCountTextProperty().get()).isEqualTo("4 of 4 hosts");
    }

    @Test
    void storeFailureShowsTheOperatorMessageAndRetryLoadsOnceHealed() {
        HeadroomException broken = new HeadroomException(
                "The Headroom database is locked by another process. Close the other Headroom window, then press Retry.",
                "SQLITE_BUSY", null);
        store.failWith(broken);

        viewModel.load();

        assertThat(problems.messageProperty().get()).isEqualTo(broken.operatorMessage());
        assertThat(problems.retryProperty().get()).isNotNull();
        assertThat(viewModel.hostRows()).isEmpty();
        assertThat(activity.busyProperty().get()).isFalse();

        store.failWith(null);
        problems.retry();

        assertThat(problems.messageProperty().get()).isEmpty();
        assertThat(viewModel.hostRows()).hasSize(DemoFleet.SANDBOX_HOSTS);
    }

    @Test
    void noAccountAtAllIsReportedAsSomethingToDo() {
        FleetViewModel empty = new FleetViewModel(new FleetQueries() {
            @Override
            public List<Account> accounts() {
                return List.of();
            }

            @Override
            public FleetOverview overview(String account) {
                throw new AssertionError("no account to ask for");
            }
        }, DemoFleet.SANDBOX, new SameThreadRunner(), problems, activity);

        empty.load();

        assertThat(problems.messageProperty().get()).startsWith("There is no account to show yet.");
    }

    @Test
    void anOlderLoadFinishingLastDoesNotOverwriteTheNewerOne() {
        QueuedRunner runner = new QueuedRunner();
        FleetViewModel slow = new FleetViewModel(FleetQueries.of(service), DemoFleet.SANDBOX, runner, problems,
                activity);
        slow.load();
        slow.accountProperty().set(DemoFleet.SCENARIO);
        assertThat(activity.busyProperty().get()).isTrue();

        runner.finishNewest();
        runner.finishOldest();

        assertThat(slow.accountProperty().get()).isEqualTo(DemoFleet.SCENARIO);
        assertThat(slow.hostRows()).hasSize(4);
        assertThat(activity.busyProperty().get()).isFalse();
        assertThat(activity.messageProperty().get()).isEqualTo(Activity.IDLE);
    }
}
