package dev.headroom.ui.fleet;

import dev.headroom.domain.Account;
import dev.headroom.domain.HeadroomException;
import dev.headroom.fleet.FleetOverview;
import dev.headroom.fleet.FleetSummary;
import dev.headroom.ui.common.Activity;
import dev.headroom.ui.common.BackgroundRunner;
import dev.headroom.ui.common.Formats;
import dev.headroom.ui.common.Problems;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * State of the Fleet view: the selected account's hosts with their current load, the totals, and
 * the operator's filter and sort order. Engine calls go through the {@link BackgroundRunner}.
 */
public final class FleetViewModel {
    public static final String ALL_REGIONS = "All regions";

    private final FleetQueries queries;
    private final String preferredAccount;
    private final BackgroundRunner runner;
    private final Problems problems;
    private final Activity activity;

    private final ObservableList<String> accountNames = FXCollections.observableArrayList();
    private final StringProperty account = new SimpleStringProperty(this, "account");
    private final ReadOnlyObjectWrapper<Instant> clock = new ReadOnlyObjectWrapper<>(this, "clock");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");

    private final ObservableList<HostRow> rows = FXCollections.observableArrayList();
    private final FilteredList<HostRow> filteredRows = new FilteredList<>(rows);
    private final SortedList<HostRow> sortedRows = new SortedList<>(filteredRows);
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    private final ObservableList<String> regions = FXCollections.observableArrayList(ALL_REGIONS);
    private final ObjectProperty<String> region = new SimpleObjectProperty<>(this, "region", ALL_REGIONS);
    private final ReadOnlyStringWrapper rowCountText = new ReadOnlyStringWrapper(this, "rowCountText", "");

    private final ReadOnlyStringWrapper hostsText = new ReadOnlyStringWrapper(this, "hostsText", Formats.UNKNOWN);
    private final ReadOnlyStringWrapper servicesText = new ReadOnlyStringWrapper(this, "servicesText", Formats.UNKNOWN);
    private final ReadOnlyStringWrapper placementText = new ReadOnlyStringWrapper(this, "placementText", Formats.UNKNOWN);
    private final ReadOnlyStringWrapper capacityText = new ReadOnlyStringWrapper(this, "capacityText", Formats.UNKNOWN);
    private final ReadOnlyStringWrapper costText = new ReadOnlyStringWrapper(this, "costText", Formats.UNKNOWN);
    private final ReadOnlyDoubleWrapper cpuLoad = new ReadOnlyDoubleWrapper(this, "cpuLoad", Double.NaN);
    private final ReadOnlyDoubleWrapper memoryLoad = new ReadOnlyDoubleWrapper(this, "memoryLoad", Double.NaN);

    /** Name of the account whose overview is shown, so that re-selecting it does not reload. */
    private String shownAccount;
    /** Only the newest request may update the view: an older one can finish after it. */
    private long generation;

    public FleetViewModel(FleetQueries queries, String preferredAccount, BackgroundRunner runner, Problems problems,
                          Activity activity) {
        this.queries = queries;
        this.preferredAccount = preferredAccount;
        this.runner = runner;
        this.problems = problems;
        this.activity = activity;

        sortedRows.setComparator(defaultOrder());
        filterText.addListener(this::refilter);
        region.addListener(this::refilter);
        filteredRows.addListener(this::recount);
        rows.addListener(this::recount);
        recount(rows);
        account.addListener((obs, old, name) -> {
            if (name != null && !name.equals(shownAccount)) {
                fetch(name);
            }
        });
    }

    /**
     * Loads the account list and the overview of the shown account; at first the preferred
     * account, or the first one when it does not exist. Call again to move the clock forward.
     */
    public void load() {
        fetch(account.get() == null ? preferredAccount : account.get());
    }

    private void fetch(String wanted) {
        long request = ++generation;
        Runnable done = activity.begin("Loading the fleet" + (wanted == null ? "" : " of " + wanted) + "…");
        runner.run(() -> {
            List<Account> accounts = queries.accounts();
            if (accounts.isEmpty()) {
                throw new HeadroomException("There is no account to show yet. Import a scenario directory, "
                        + "or restart Headroom to generate the sandbox fleet.");
            }
            String name = accounts.stream().map(Account::name).filter(n -> n.equals(wanted)).findFirst()
                    .orElse(accounts.get(0).name());
            return new Loaded(accounts, queries.overview(name));
        }, result -> {
            done.run();
            if (request == generation) {
                apply(result);
            }
        }, problem -> {
            done.run();
            if (request == generation) {
                problems.report(problem, this::load);
            }
        });
    }

    private void apply(Loaded result) {
        FleetOverview overview = result.overview();
        shownAccount = overview.account().name();
        accountNames.setAll(result.accounts().stream().map(Account::name).toList());
        account.set(shownAccount);
        clock.set(overview.at());

        TreeSet<String> names = new TreeSet<>(overview.hosts().stream().map(h -> h.host().region()).toList());
        String keptRegion = names.contains(region.get()) ? region.get() : ALL_REGIONS;
        regions.setAll(ALL_REGIONS);
        regions.addAll(names);
        region.set(keptRegion);
        rows.setAll(overview.hosts().stream().map(HostRow::of).toList());

        FleetSummary s = overview.summary();
        hostsText.set(Formats.amount(s.hosts()));
        servicesText.set(Formats.amount(s.services()));
        placementText.set(Formats.count(s.regions(), "region", "regions") + " · "
                + Formats.count(s.zones(), "zone", "zones"));
        capacityText.set(Formats.amount(s.cpuCores()) + " cores · " + Formats.amount(s.memoryGib()) + " GiB");
        costText.set(Formats.usd(s.hourlyCostUsd()) + " / h");
        cpuLoad.set(s.cpuLoadPercent());
        memoryLoad.set(s.memoryLoadPercent());
        loaded.set(true);
    }

    /** Applies the table's sort order; with no keys, hosts are in id order. */
    public void sort(List<SortKey> keys) {
        Comparator<HostRow> order = null;
        for (SortKey key : keys) {
            Comparator<HostRow> next = key.column().comparator(key.ascending());
            order = order == null ? next : order.thenComparing(next);
        }
        sortedRows.setComparator(order == null ? defaultOrder() : order.thenComparing(defaultOrder()));
    }

    private static Comparator<HostRow> defaultOrder() {
        return HostColumn.ID.comparator(true);
    }

    private void refilter(Observable ignored) {
        String query = filterText.get();
        String wantedRegion = region.get();
        Predicate<HostRow> inRegion = wantedRegion == null || ALL_REGIONS.equals(wantedRegion)
                ? r -> true
                : r -> r.region().equals(wantedRegion);
        filteredRows.setPredicate(r -> inRegion.test(r) && r.matches(query));
    }

    private void recount(Observable ignored) {
        rowCountText.set(String.format(Locale.ROOT, "%,d of %s", filteredRows.size(),
                Formats.count(rows.size(), "host", "hosts")));
    }

    /** Hosts after filter and sort, for the table. */
    public SortedList<HostRow> hostRows() {
        return sortedRows;
    }

    public ObservableList<String> accountNames() {
        return accountNames;
    }

    /** The account shown; set it to switch accounts. */
    public StringProperty accountProperty() {
        return account;
    }

    /** The account's clock at the time of the shown overview. */
    public ReadOnlyObjectProperty<Instant> clockProperty() {
        return clock.getReadOnlyProperty();
    }

    /** True once an overview has been shown. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    public ObservableList<String> regions() {
        return regions;
    }

    /** The region filter; {@link #ALL_REGIONS} shows every region. */
    public ObjectProperty<String> regionProperty() {
        return region;
    }

    /** "N of M hosts". */
    public ReadOnlyStringProperty rowCountTextProperty() {
        return rowCountText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty hostsTextProperty() {
        return hostsText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty servicesTextProperty() {
        return servicesText.getReadOnlyProperty();
    }

    /** "3 regions · 8 zones". */
    public ReadOnlyStringProperty placementTextProperty() {
        return placementText.getReadOnlyProperty();
    }

    /** Total cores and memory. */
    public ReadOnlyStringProperty capacityTextProperty() {
        return capacityText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty costTextProperty() {
        return costText.getReadOnlyProperty();
    }

    /** Capacity-weighted current CPU load in percent; {@code NaN} when no host has a sample. */
    public ReadOnlyDoubleProperty cpuLoadProperty() {
        return cpuLoad.getReadOnlyProperty();
    }

    /** Capacity-weighted current memory load in percent; {@code NaN} when no host has a sample. */
    public ReadOnlyDoubleProperty memoryLoadProperty() {
        return memoryLoad.getReadOnlyProperty();
    }

    /** Whether the account selector is worth showing. */
    public BooleanBinding severalAccounts() {
        return Bindings.size(accountNames).greaterThan(1);
    }

    private record Loaded(List<Account> accounts, FleetOverview overview) {
    }
}
