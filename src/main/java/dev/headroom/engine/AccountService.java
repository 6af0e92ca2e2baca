package dev.headroom.engine;

import dev.headroom.credentials.SecretStore;
import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.Release;
import dev.headroom.domain.ScheduledEvent;
import dev.headroom.domain.Service;
import dev.headroom.domain.UpdateRecord;
import dev.headroom.fleet.FleetStore;
import dev.headroom.providers.AccountKeys;
import dev.headroom.providers.Inventory;
import dev.headroom.providers.Provider;
import dev.headroom.providers.ProviderRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Connected accounts: adding one (its settings to the store, its secrets to the {@link SecretStore}),
 * testing the connection, syncing inventory and metric history into the store, and removing it.
 * The account's status (last sync, last error with what to do) is kept in its settings so that
 * the CLI and the Accounts view read the same.
 */
public final class AccountService {
    public static final String LAST_SYNC = AccountKeys.LAST_SYNC;
    public static final String LAST_SYNC_SUMMARY = AccountKeys.LAST_SYNC_SUMMARY;
    public static final String LAST_ERROR = AccountKeys.LAST_ERROR;
    public static final String LAST_ERROR_AT = AccountKeys.LAST_ERROR_AT;
    public static final String LAST_CHECK = AccountKeys.LAST_CHECK;
    public static final String HISTORY_RANGE = AccountKeys.HISTORY_RANGE;
    public static final String HISTORY_STEP = AccountKeys.HISTORY_STEP;
    public static final String METRICS_ACCOUNT = AccountKeys.METRICS_ACCOUNT;
    static final Duration DEFAULT_HISTORY_RANGE = Duration.ofDays(14);
    static final Duration DEFAULT_STEP = Duration.ofMinutes(5);
    private static final Set<String> STATUS = AccountKeys.STATUS;
    /** The metrics a sync stores, those the planner's capacity rule reads. */
    private static final List<Metric> SYNCED = List.of(Metric.CPU, Metric.MEMORY);

    private final FleetStore store;
    private final ProviderRegistry providers;
    private final Supplier<SecretStore> secrets;
    private final Clock clock;

    /**
     * @param secrets asked only when an account has secrets to store or forget (opening it may
     *                prompt for the passphrase of the encrypted file)
     */
    public AccountService(FleetStore store, ProviderRegistry providers, Supplier<SecretStore> secrets, Clock clock) {
        this.store = store;
        this.providers = providers;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Fields of an account kind whose values are secrets, each kept under {@link SecretStore#reference}. */
    public static List<String> secretFields(AccountKind kind) {
        return switch (kind) {
            case PROMETHEUS -> List.of("prometheus_secret");
            case KUBERNETES -> List.of("kubernetes_token");
            default -> List.of();
        };
    }

    /**
     * Adds a connectable account (Prometheus, Kubernetes): its settings are checked by building its
     * provider, its secrets stored first (a failed store write then removes them again). Nothing is
     * synced yet.
     *
     * @throws HeadroomException when the name is taken, a setting is wrong or a secret field is unknown
     */
    public Account add(AccountKind kind, String name, Map<String, String> settings, Map<String, char[]> secretValues) {
        if (kind == AccountKind.SANDBOX || kind == AccountKind.FILES) {
            throw new HeadroomException("A " + kind.label() + " account is not added here: use \"headroom sandbox "
                    + "create\" or \"headroom import\".");
        }
        Account account;
        try {
            account = new Account(name, kind, clock.instant(), settings);
        } catch (DomainException e) {
            throw new HeadroomException("The account name \"" + name + "\" cannot be used: " + e.getMessage()
                    + ". Use letters, digits, dots, dashes or underscores.", e);
        }
        if (store.account(name).isPresent()) {
            throw new HeadroomException("There is already an account named \"" + name + "\". Choose another name, or "
                    + "remove it first with \"headroom accounts remove " + name + "\".");
        }
        for (String field : secretValues.keySet()) {
            if (!secretFields(kind).contains(field)) {
                throw new HeadroomException("A " + kind.label() + " account has no secret \"" + field + "\"; its "
                        + "secrets are " + secretFields(kind) + ".");
            }
        }
        for (String key : settings.keySet()) {
            if (STATUS.contains(key) || secretFields(kind).contains(key)) {
                throw new HeadroomException("The setting \"" + key + "\" cannot be given when adding an account"
                        + (secretFields(kind).contains(key) ? ": it is a secret, given separately so that it goes to "
                        + "the secret store, never to the database." : "; Headroom keeps it itself."));
            }
        }
        List<String> stored = new ArrayList<>();
        try {
            for (Map.Entry<String, char[]> e : secretValues.entrySet()) {
                secrets.get().put(SecretStore.reference(name, e.getKey()), e.getValue());
                stored.add(e.getKey());
            }
            closeQuietly(providers.provider(account));
            store.replace(new AccountSnapshot(account, List.of(), List.of(), List.of(), List.of(), List.of(),
                    List.of(), List.of(), List.of(), Optional.empty()));
        } catch (RuntimeException e) {
            for (String field : stored) {
                secrets.get().delete(SecretStore.reference(name, field));
            }
            throw e;
        }
        return account;
    }

    /** Reaches the account's provider; the result (or the error) becomes the account's status. */
    public String test(String name) {
        Account account = account(name);
        try {
            Provider provider = providers.provider(account);
            String text;
            try {
                text = provider.check();
            } finally {
                closeQuietly(provider);
            }
            Map<String, String> settings = new TreeMap<>(account.settings());
            settings.put(LAST_CHECK, clock.instant() + ": " + text);
            settings.remove(LAST_ERROR);
            settings.remove(LAST_ERROR_AT);
            store.saveSettings(name, settings);
            return text;
        } catch (HeadroomException e) {
            recordError(account, e);
            throw e;
        }
    }

    /**
     * Reads the account's inventory and its CPU and memory history (the last {@link #HISTORY_RANGE}
     * at {@link #HISTORY_STEP}) from its provider, or its {@link #METRICS_ACCOUNT}'s,
     * and stores them as the account's snapshot in one transaction, keeping its releases, events,
     * policy and the update history of hosts it still has. On failure nothing stored changes but
     * the account's status, which names the error.
     */
    public SyncResult sync(String name, ProgressListener progress) {
        Account account = connected(name, "synced");
        Provider provider = null;
        Provider metrics = null;
        try {
            provider = providers.provider(account);
            metrics = metricsProvider(account, provider);
            return syncOrThrow(account, provider, metrics, progress);
        } catch (HeadroomException e) {
            recordError(account, e);
            throw e;
        } catch (DomainException e) {
            HeadroomException h = new HeadroomException("The provider of account \"" + name + "\" answered with "
                    + "data Headroom cannot store (" + e.getMessage() + "). Check the account's label mapping.", e);
            recordError(account, h);
            throw h;
        } finally {
            closeQuietly(provider);
            if (metrics != provider) {
                closeQuietly(metrics);
            }
        }
    }

    /** A provider holding connections (a Kubernetes client) is closed after use; the others hold none. */
    private static void closeQuietly(Provider provider) {
        if (provider instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a client that served its call: nothing the operator can act on
            }
        }
    }

    private SyncResult syncOrThrow(Account account, Provider provider, Provider metrics, ProgressListener progress) {
        Instant began = clock.instant();
        progress.progress(0, "reading the inventory of " + account.name());
        Inventory inventory = provider.inventory((f, m) -> progress.progress(0.2 * Math.max(0, f), m));
        List<String> notes = new ArrayList<>(inventory.notes());
        Duration step = duration(account, HISTORY_STEP, DEFAULT_STEP);
        Instant to = truncate(metrics.clock().instant(), step);
        Instant from = to.minus(duration(account, HISTORY_RANGE, DEFAULT_HISTORY_RANGE));
        List<String> hostIds = inventory.hosts().stream().map(Host::id).toList();
        List<MetricSeries> series = new ArrayList<>();
        if (metrics.capabilities().contains(Provider.Capability.METRIC_HISTORY) && !hostIds.isEmpty()) {
            for (int i = 0; i < SYNCED.size(); i++) {
                Metric metric = SYNCED.get(i);
                double base = 0.2 + 0.7 * i / SYNCED.size();
                series.addAll(metrics.history(hostIds, metric, from, to, step, (f, m) -> progress.progress(base
                        + 0.7 / SYNCED.size() * Math.max(0, f), m)));
            }
            Set<String> measured = series.stream().map(m -> m.id().hostId()).collect(Collectors.toSet());
            long without = hostIds.stream().filter(h -> !measured.contains(h)).count();
            if (without > 0) {
                notes.add(without + " of " + hostIds.size() + " hosts have no metric history; they are planned "
                        + "without a forecast of their own load.");
            }
        } else {
            notes.add("No metric history: the provider of " + metrics.account().name() + " has none. Set "
                    + METRICS_ACCOUNT + " to a Prometheus account that measures these hosts.");
        }
        progress.progress(0.9, "storing " + account.name());
        AccountSnapshot previous = store.load(account.name(), false).orElse(null);
        Set<String> services = inventory.services().stream().map(Service::name).collect(Collectors.toSet());
        Set<String> hosts = new HashSet<>(hostIds);
        Set<String> regions = inventory.hosts().stream().map(Host::region).collect(Collectors.toSet());
        List<Dependency> dependencies = inventory.dependencies().stream()
                .filter(d -> services.contains(d.from()) && services.contains(d.to())).toList();
        List<Release> releases = previous == null ? List.of() : kept(previous.releases(),
                r -> services.contains(r.service()), "release", notes);
        List<UpdateRecord> history = previous == null ? List.of() : kept(previous.updateHistory(),
                u -> hosts.contains(u.hostId()) && services.contains(u.service()), "update record", notes);
        List<ScheduledEvent> events = previous == null ? List.of() : kept(previous.events(),
                e -> ScheduledEvent.ALL.equals(e.scope()) || services.contains(e.scope())
                        || regions.contains(e.scope()), "scheduled event", notes);
        long samples = series.stream().mapToLong(m -> m.size() - m.gaps()).sum();
        String summary = String.format(java.util.Locale.ROOT, "%d hosts, %d services, %d dependencies, %d series "
                        + "(%d samples, %s to %s at %d min)", inventory.hosts().size(), services.size(),
                dependencies.size(), series.size(), samples, from, to, step.toMinutes());
        Map<String, String> settings = new TreeMap<>(account.settings());
        settings.put(LAST_SYNC, clock.instant().toString());
        settings.put(LAST_SYNC_SUMMARY, summary);
        settings.remove(LAST_ERROR);
        settings.remove(LAST_ERROR_AT);
        Account synced = new Account(account.name(), account.kind(), account.created(), settings);
        store.replace(new AccountSnapshot(synced, inventory.instanceTypes(), inventory.hosts(), inventory.services(),
                dependencies, series, releases, history, events,
                previous == null ? Optional.empty() : previous.policy()));
        progress.progress(1, "synced " + account.name() + ": " + summary);
        return new SyncResult(inventory.hosts().size(), services.size(), dependencies.size(), series.size(), samples,
                notes, Duration.between(began, clock.instant()));
    }

    /** What a sync stored; {@code notes} say what was left out or assumed. */
    public record SyncResult(int hosts, int services, int dependencies, int series, long samples, List<String> notes,
                             Duration took) {
        public SyncResult {
            notes = List.copyOf(notes);
        }
    }

    /** Removes the account, everything stored for it, and its secrets. */
    public void remove(String name) {
        Account account = account(name);
        store.delete(name);
        if (!secretFields(account.kind()).isEmpty()) {
            for (String field : secretFields(account.kind())) {
                secrets.get().delete(SecretStore.reference(name, field));
            }
        }
    }

    /**
     * Changes settings of an account (a label mapping, a URL): {@code changes} are set, a null value
     * removes the key. The provider is built with the result first, so a wrong value is refused and
     * the stored settings stay as they were.
     */
    public Account updateSettings(String name, Map<String, String> changes) {
        Account account = connected(name, "changed");
        Map<String, String> settings = new TreeMap<>(account.settings());
        for (Map.Entry<String, String> e : changes.entrySet()) {
            if (STATUS.contains(e.getKey()) || secretFields(account.kind()).contains(e.getKey())) {
                throw new HeadroomException("The setting \"" + e.getKey() + "\" cannot be changed this way"
                        + (secretFields(account.kind()).contains(e.getKey()) ? ": it is a secret (use the secret "
                        + "option)." : "; Headroom keeps it itself."));
            }
            if (e.getValue() == null) {
                settings.remove(e.getKey());
            } else {
                settings.put(e.getKey(), e.getValue());
            }
        }
        Account changed = new Account(account.name(), account.kind(), account.created(), settings);
        closeQuietly(providers.provider(changed));
        store.saveSettings(name, settings);
        return changed;
    }

    /** Replaces one secret of the account. */
    public void putSecret(String name, String field, char[] value) {
        Account account = account(name);
        if (!secretFields(account.kind()).contains(field)) {
            throw new HeadroomException("A " + account.kind().label() + " account has no secret \"" + field + "\"; "
                    + "its secrets are " + secretFields(account.kind()) + ".");
        }
        secrets.get().put(SecretStore.reference(name, field), value);
    }

    /** A connected account (Prometheus, Kubernetes): sandbox and imported ones are made whole, not synced or edited. */
    private Account connected(String name, String what) {
        Account account = account(name);
        if (account.kind() == AccountKind.SANDBOX || account.kind() == AccountKind.FILES) {
            throw new HeadroomException("Account \"" + name + "\" is a " + account.kind().label() + " account; it is not "
                    + what + " here. " + (account.kind() == AccountKind.SANDBOX ? "Its fleet is generated: \"headroom "
                    + "sandbox\" controls it." : "Import its scenario directory again with \"headroom import\"."));
        }
        return account;
    }

    private Account account(String name) {
        return store.account(name).orElseThrow(() -> new HeadroomException("There is no account named \"" + name
                + "\". \"headroom accounts\" lists them."));
    }

    private Provider metricsProvider(Account account, Provider own) {
        String other = account.setting(METRICS_ACCOUNT, "");
        if (other.isEmpty()) {
            return own;
        }
        Account metrics = store.account(other).orElseThrow(() -> new HeadroomException("Account \"" + account.name()
                + "\" takes its metrics from account \"" + other + "\", which does not exist. Add it, or change "
                + METRICS_ACCOUNT + "."));
        return providers.provider(metrics);
    }

    private void recordError(Account account, HeadroomException e) {
        try {
            Map<String, String> settings = new TreeMap<>(store.account(account.name()).map(Account::settings)
                    .orElse(account.settings()));
            settings.put(LAST_ERROR, e.operatorMessage());
            settings.put(LAST_ERROR_AT, clock.instant().toString());
            store.saveSettings(account.name(), settings);
        } catch (HeadroomException ignored) {
            // the status is a convenience: the caller still gets the error that matters
        }
    }

    private static <T> List<T> kept(Collection<T> items, java.util.function.Predicate<T> keep, String what,
                                    List<String> notes) {
        List<T> out = items.stream().filter(keep).toList();
        if (out.size() < items.size()) {
            notes.add((items.size() - out.size()) + " " + what + "(s) dropped: their host, service or region is no "
                    + "longer in the account.");
        }
        return out;
    }

    private static Duration duration(Account account, String key, Duration fallback) {
        String text = account.setting(key, "");
        if (text.isBlank()) {
            return fallback;
        }
        Optional<Duration> d = AccountKeys.duration(text);
        if (d.isEmpty() || d.get().toMillis() % 60_000 != 0) {
            throw new HeadroomException("Setting " + key + " of account \"" + account.name() + "\" is \"" + text
                    + "\"; write a whole number of minutes, hours or days such as 5m, 1h or 14d.");
        }
        return d.get();
    }

    private static Instant truncate(Instant t, Duration step) {
        long s = step.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), s) * s);
    }

    /** The account's status for the CLI and the Accounts view, from its settings. */
    public static Map<String, String> status(Account account) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : List.of(LAST_SYNC, LAST_SYNC_SUMMARY, LAST_CHECK, LAST_ERROR, LAST_ERROR_AT)) {
            String v = account.setting(key, "");
            if (!v.isEmpty()) {
                out.put(key, v);
            }
        }
        return out;
    }
}
