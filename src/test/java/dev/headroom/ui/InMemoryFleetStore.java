package dev.headroom.ui;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.ScheduledEvent;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.SeriesId;
import dev.headroom.fleet.FleetStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link FleetStore} in memory, for UI tests; it can be told to fail like a broken database. */
public final class InMemoryFleetStore implements FleetStore {
    private final Map<String, AccountSnapshot> accounts = new TreeMap<>();
    private volatile HeadroomException failure;
    private volatile boolean closed;

    public InMemoryFleetStore(AccountSnapshot... snapshots) {
        for (AccountSnapshot s : snapshots) {
            replace(s);
        }
    }

    /** Every later read throws {@code problem}; {@code null} heals the store. */
    public void failWith(HeadroomException problem) {
        this.failure = problem;
    }

    public boolean closed() {
        return closed;
    }

    private void check() {
        HeadroomException f = failure;
        if (f != null) {
            throw f;
        }
    }

    @Override
    public synchronized List<Account> accounts() {
        check();
        return accounts.values().stream().map(AccountSnapshot::account).toList();
    }

    @Override
    public synchronized Optional<Account> account(String name) {
        check();
        return Optional.ofNullable(accounts.get(name)).map(AccountSnapshot::account);
    }

    @Override
    public synchronized void replace(AccountSnapshot snapshot) {
        accounts.put(snapshot.account().name(), snapshot);
    }

    @Override
    public synchronized void saveSettings(String account, Map<String, String> settings) {
        check();
        AccountSnapshot s = accounts.get(account);
        if (s == null) {
            throw new HeadroomException("no account " + account);
        }
        Account a = s.account();
        accounts.put(account, s.withAccount(new Account(a.name(), a.kind(), a.created(), settings)));
    }

    @Override
    public synchronized Optional<AccountSnapshot> load(String account, boolean withMetrics) {
        check();
        AccountSnapshot s = accounts.get(account);
        if (s == null || withMetrics) {
            return Optional.ofNullable(s);
        }
        return Optional.of(new AccountSnapshot(s.account(), s.instanceTypes(), s.hosts(), s.services(),
                s.dependencies(), List.of(), s.releases(), s.updateHistory(), s.events(), s.policy()));
    }

    @Override
    public synchronized List<SeriesId> seriesIds(String account) {
        check();
        List<SeriesId> ids = new ArrayList<>();
        Optional.ofNullable(accounts.get(account)).ifPresent(s -> s.metrics().forEach(m -> ids.add(m.id())));
        ids.sort(null);
        return ids;
    }

    @Override
    public synchronized Optional<MetricSeries> series(String account, SeriesId id, Instant from, Instant to) {
        check();
        return Optional.ofNullable(accounts.get(account)).flatMap(s -> s.metrics().stream()
                .filter(m -> m.id().equals(id)).findFirst()).map(m -> m.slice(from, to));
    }

    @Override
    public synchronized Map<String, Double> latest(String account, Metric metric, Instant at) {
        check();
        Map<String, Double> latest = new TreeMap<>();
        AccountSnapshot s = accounts.get(account);
        if (s != null) {
            for (MetricSeries m : s.metrics()) {
                double v = m.id().metric() == metric ? m.latestAt(at) : Double.NaN;
                if (!Double.isNaN(v)) {
                    latest.put(m.id().hostId(), v);
                }
            }
        }
        return latest;
    }

    @Override
    public synchronized void replaceEvents(String account, List<ScheduledEvent> events) {
        check();
        AccountSnapshot s = accounts.get(account);
        if (s == null) {
            throw new HeadroomException("There is no account named \"" + account + "\"; its events cannot be changed.");
        }
        try {
            // the snapshot checks every scope against the account's services and regions
            accounts.put(account, new AccountSnapshot(s.account(), s.instanceTypes(), s.hosts(), s.services(),
                    s.dependencies(), s.metrics(), s.releases(), s.updateHistory(), events, s.policy()));
        } catch (DomainException e) {
            throw new HeadroomException("The events were not saved: " + e.rule() + ". Use one of the account's "
                    + "services or regions, or * for all.", e);
        }
    }

    @Override
    public synchronized void delete(String account) {
        accounts.remove(account);
    }

    @Override
    public long sizeBytes() {
        return 0;
    }

    @Override
    public void close() {
        closed = true;
    }
}
