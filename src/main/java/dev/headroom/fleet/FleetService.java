package dev.headroom.fleet;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.providers.Provider;
import dev.headroom.providers.ProviderRegistry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Read side of the fleet for the console and the CLI. */
public final class FleetService {
    private final FleetStore store;
    private final ProviderRegistry providers;

    public FleetService(FleetStore store, ProviderRegistry providers) {
        this.store = store;
        this.providers = providers;
    }

    public List<Account> accounts() {
        return store.accounts();
    }

    /**
     * Hosts of {@code accountName} (ordered by id) with their load at the account's clock.
     *
     * @throws HeadroomException when no such account exists
     */
    public FleetOverview overview(String accountName) {
        Account account = store.account(accountName).orElseThrow(() -> unknownAccount(accountName));
        AccountSnapshot snapshot = store.load(accountName, false).orElseThrow(() -> unknownAccount(accountName));
        Provider provider = providers.provider(account);
        Instant at = provider.clock().instant();
        Map<String, Double> cpu = provider.currentLoad(Metric.CPU);
        Map<String, Double> memory = provider.currentLoad(Metric.MEMORY);

        List<HostStatus> rows = new ArrayList<>();
        for (Host h : snapshot.hosts()) {
            rows.add(new HostStatus(h, cpu.getOrDefault(h.id(), Double.NaN), memory.getOrDefault(h.id(), Double.NaN)));
        }
        rows.sort(Comparator.comparing(r -> r.host().id()));
        return new FleetOverview(account, at, rows, summarise(rows));
    }

    static FleetSummary summarise(List<HostStatus> rows) {
        Set<String> services = new HashSet<>();
        Set<String> regions = new HashSet<>();
        Set<String> zones = new HashSet<>();
        double cores = 0;
        double memory = 0;
        double cost = 0;
        double usedCores = 0;
        double sampledCores = 0;
        double usedMemory = 0;
        double sampledMemory = 0;
        for (HostStatus r : rows) {
            Host h = r.host();
            services.addAll(h.services());
            regions.add(h.region());
            zones.add(h.region() + "/" + h.zone());
            cores += h.capacity().cpuCores();
            memory += h.capacity().memoryGib();
            cost += h.hourlyCostUsd();
            if (!Double.isNaN(r.cpuPercent())) {
                usedCores += h.capacity().cpuCores() * r.cpuPercent() / 100;
                sampledCores += h.capacity().cpuCores();
            }
            if (!Double.isNaN(r.memoryPercent())) {
                usedMemory += h.capacity().memoryGib() * r.memoryPercent() / 100;
                sampledMemory += h.capacity().memoryGib();
            }
        }
        return new FleetSummary(rows.size(), services.size(), regions.size(), zones.size(), cores, memory, cost,
                sampledCores == 0 ? Double.NaN : 100 * usedCores / sampledCores,
                sampledMemory == 0 ? Double.NaN : 100 * usedMemory / sampledMemory);
    }

    private static HeadroomException unknownAccount(String name) {
        return new HeadroomException("There is no account named \"" + name
                + "\". Run \"headroom accounts\" to list the accounts, or import a scenario directory first.");
    }
}
