package dev.headroom.ui.accounts;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.ProgressListener;
import dev.headroom.engine.AccountService;
import dev.headroom.engine.AccountService.SyncResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Accounts kept in memory whose provider replies the test scripts, following the contract of
 * {@link AccountService}: a failed test or sync becomes the account's status, a refused setting
 * leaves the stored ones, nothing is stored when an add fails.
 */
final class ScriptedAccounts implements AccountOperations {
    static final Instant NOW = Instant.parse("2026-11-22T18:00:00Z");

    final Map<String, Account> stored = new LinkedHashMap<>();
    /** Secrets as they were when handed over (the caller clears its array afterwards). */
    final Map<String, String> secrets = new HashMap<>();
    final List<Map<String, String>> updates = new ArrayList<>();
    /** What the next add, test, sync, update, secret or remove throws; null: it succeeds. */
    HeadroomException failAdd;
    HeadroomException failTest;
    HeadroomException failSync;
    HeadroomException failRemove;
    HeadroomException failSecret;
    /** A value of this text is refused by the "provider" when settings are updated. */
    String refusedValue = "not-a-url";
    /** Runs inside sync, between its progress reports, to look at the view model meanwhile. */
    Consumer<String> duringSync = name -> { };
    HeadroomException failList;

    ScriptedAccounts with(Account account) {
        stored.put(account.name(), account);
        return this;
    }

    static Account account(String name, AccountKind kind, Map<String, String> settings) {
        return new Account(name, kind, Instant.parse("2026-11-01T09:30:00Z"), settings);
    }

    @Override
    public List<Account> accounts() {
        if (failList != null) {
            throw failList;
        }
        return List.copyOf(stored.values());
    }

    @Override
    public Account add(AccountKind kind, String name, Map<String, String> settings, Map<String, char[]> secretValues) {
        if (failAdd != null) {
            throw failAdd;
        }
        secretValues.forEach((field, value) -> secrets.put(name + "/" + field, new String(value)));
        Account a = new Account(name, kind, NOW, settings);
        stored.put(name, a);
        return a;
    }

    @Override
    public String test(String name) {
        if (failTest != null) {
            recordError(name, failTest);
            throw failTest;
        }
        Map<String, String> s = settings(name);
        s.put(AccountService.LAST_CHECK, NOW + ": Prometheus 2.53 answered, 42 series of node_cpu_seconds_total");
        s.remove(AccountService.LAST_ERROR);
        s.remove(AccountService.LAST_ERROR_AT);
        save(name, s);
        return "Prometheus 2.53 answered, 42 series of node_cpu_seconds_total";
    }

    @Override
    public SyncResult sync(String name, ProgressListener progress) {
        progress.progress(0, "reading the inventory of " + name);
        duringSync.accept(name);
        progress.progress(0.5, "reading the CPU history of 12 hosts");
        if (failSync != null) {
            recordError(name, failSync);
            throw failSync;
        }
        progress.progress(1, "synced " + name);
        Map<String, String> s = settings(name);
        s.put(AccountService.LAST_SYNC, NOW.toString());
        s.put(AccountService.LAST_SYNC_SUMMARY, "12 hosts, 3 services");
        save(name, s);
        return new SyncResult(12, 3, 2, 24, 96_768, List.of("3 of 12 hosts have no metric history."),
                Duration.ofMillis(2400));
    }

    @Override
    public Account updateSettings(String name, Map<String, String> changes) {
        updates.add(new HashMap<>(changes));
        Map<String, String> s = settings(name);
        changes.forEach((k, v) -> {
            if (v == null) {
                s.remove(k);
            } else {
                s.put(k, v);
            }
        });
        if (s.containsValue(refusedValue)) {
            throw new HeadroomException("Setting url of account \"" + name + "\" is \"" + refusedValue + "\"; give "
                    + "the Prometheus URL, e.g. http://prometheus:9090.");
        }
        return save(name, s);
    }

    @Override
    public void putSecret(String name, String field, char[] value) {
        if (failSecret != null) {
            throw failSecret;
        }
        secrets.put(name + "/" + field, new String(value));
    }

    @Override
    public void remove(String name) {
        if (failRemove != null) {
            throw failRemove;
        }
        stored.remove(name);
    }

    private Map<String, String> settings(String name) {
        Account a = stored.get(name);
        if (a == null) {
            throw new HeadroomException("There is no account named \"" + name + "\".");
        }
        return new TreeMap<>(a.settings());
    }

    private Account save(String name, Map<String, String> settings) {
        Account a = stored.get(name);
        Account changed = new Account(a.name(), a.kind(), a.created(), settings);
        stored.put(name, changed);
        return changed;
    }

    private void recordError(String name, HeadroomException e) {
        Map<String, String> s = settings(name);
        s.put(AccountService.LAST_ERROR, e.operatorMessage());
        s.put(AccountService.LAST_ERROR_AT, NOW.toString());
        save(name, s);
    }
}
