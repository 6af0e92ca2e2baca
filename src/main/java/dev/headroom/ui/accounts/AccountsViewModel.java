package dev.headroom.ui.accounts;

import dev.headroom.domain.Account;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.BackgroundRunner;
import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.Problems;
import dev.headroom.ui.fleet.FleetQueries;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** State of the Accounts section: the accounts Headroom knows, as read from the store. */
public final class AccountsViewModel {
    private final FleetQueries queries;
    private final BackgroundRunner runner;
    private final Problems problems;
    private final Activity activity;
    private final ObservableList<AccountRow> accounts = FXCollections.observableArrayList();

    public AccountsViewModel(FleetQueries queries, BackgroundRunner runner, Problems problems, Activity activity) {
        this.queries = queries;
        this.runner = runner;
        this.problems = problems;
        this.activity = activity;
    }

    public void load() {
        Runnable done = activity.begin("Loading the accounts…");
        runner.run(() -> queries.accounts().stream().map(AccountRow::of).toList(), rows -> {
            done.run();
            accounts.setAll(rows);
        }, problem -> {
            done.run();
            problems.report(problem, this::load);
        });
    }

    public ObservableList<AccountRow> accounts() {
        return accounts;
    }

    /** One line of the accounts table. */
    public record AccountRow(String name, String kind, String created) {
        static AccountRow of(Account account) {
            return new AccountRow(account.name(), account.kind().label(), Formats.clock(account.created()));
        }
    }
}
