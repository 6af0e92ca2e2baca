package dev.headroom.ui.fleet;

import dev.headroom.domain.Account;
import dev.headroom.domain.HeadroomException;
import dev.headroom.fleet.FleetOverview;
import dev.headroom.fleet.FleetService;

import java.util.List;

/** The read side of the fleet that the Fleet and Accounts views need; lets their tests stub it. */
public interface FleetQueries {

    /** @throws HeadroomException when the store cannot be read */
    List<Account> accounts();

    /** @throws HeadroomException when the account does not exist or cannot be reached */
    FleetOverview overview(String account);

    static FleetQueries of(FleetService fleet) {
        return new FleetQueries() {
            @Override
            public List<Account> accounts() {
                return fleet.accounts();
            }

            @Override
            public FleetOverview overview(String account) {
                return fleet.overview(account);
            }
        };
    }
}
