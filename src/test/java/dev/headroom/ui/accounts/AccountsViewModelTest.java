package dev.headroom.ui.accounts;

import dev.headroom.domain.HeadroomException;
import dev.headroom.ui.DemoFleet;
import dev.headroom.ui.InMemoryFleetStore;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.common.SameThreadRunner;
import dev.headroom.ui.fleet.FleetQueries;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccountsViewModelTest {
    private final InMemoryFleetStore store = DemoFleet.store();
    private final Problems problems = new Problems();
    private final AccountsViewModel viewModel = new AccountsViewModel(FleetQueries.of(DemoFleet.fleetService(store)),
            new SameThreadRunner(), problems, new Activity());

    @Test
    void listsTheStoredAccountsWithKindAndCreationTime() {
        viewModel.load();

        assertThat(viewModel.accounts()).containsExactly(
                new AccountsViewModel.AccountRow(DemoFleet.SCENARIO, "files", "2026-10-21 10:00 UTC"),
                new AccountsViewModel.AccountRow(DemoFleet.SANDBOX, "sandbox", "2026-11-01 09:30 UTC"));
    }

    @Test
    void unreadableStoreIsReported() {
        store.failWith(new HeadroomException("The Headroom database could not be read. Restart Headroom."));

        viewModel.load();

        assertThat(viewModel.accounts()).isEmpty();
        assertThat(problems.messageProperty().get()).isEqualTo("The Headroom database could not be read. Restart Headroom.");
    }
}
