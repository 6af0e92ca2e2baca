package dev.headroom.ui;

import dev.headroom.plan.SavedScenario;
import dev.headroom.plan.ScenarioRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What-if scenarios in memory, for UI tests, as {@code SqliteScenarioRepository} keeps them (listed by
 * name, a save keeps the creation time of the one it replaces); thread-safe for background workers.
 * Counts the writes, so that a test can see a click reach the store.
 */
public final class InMemoryScenarioRepository implements ScenarioRepository {
    private final Map<String, Map<String, SavedScenario>> byAccount = new TreeMap<>();
    private int writes;
    private RuntimeException failure;

    @Override
    public synchronized List<SavedScenario> list(String account) {
        fail();
        return new ArrayList<>(byAccount.getOrDefault(account, Map.of()).values());
    }

    @Override
    public synchronized Optional<SavedScenario> find(String account, String name) {
        fail();
        return Optional.ofNullable(byAccount.getOrDefault(account, Map.of()).get(name));
    }

    @Override
    public synchronized void save(SavedScenario s) {
        fail();
        writes++;
        Map<String, SavedScenario> scenarios = byAccount.computeIfAbsent(s.account(), a -> new TreeMap<>());
        SavedScenario old = scenarios.get(s.name());
        scenarios.put(s.name(), old == null ? s : new SavedScenario(s.account(), s.name(), s.policy(), s.solver(),
                s.planJson(), old.created(), s.updated()));
    }

    @Override
    public synchronized boolean rename(String account, String from, String to) {
        fail();
        writes++;
        Map<String, SavedScenario> scenarios = byAccount.getOrDefault(account, new TreeMap<>());
        SavedScenario s = scenarios.remove(from);
        if (s == null) {
            return false;
        }
        scenarios.put(to, new SavedScenario(account, to, s.policy(), s.solver(), s.planJson(), s.created(),
                s.updated()));
        return true;
    }

    @Override
    public synchronized boolean delete(String account, String name) {
        fail();
        writes++;
        return byAccount.getOrDefault(account, new TreeMap<>()).remove(name) != null;
    }

    /** How many saves, renames and deletes reached this repository. */
    public synchronized int writes() {
        return writes;
    }

    /** Makes every later call throw {@code e}, as a locked or damaged database would; {@code null} heals it. */
    public synchronized void failWith(RuntimeException e) {
        failure = e;
    }

    private void fail() {
        if (failure != null) {
            throw failure;
        }
    }
}
