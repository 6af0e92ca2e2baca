package dev.headroom.plan;

import dev.headroom.domain.Check;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ProgressListener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The what-if scenarios of an account: save a policy under a name with the plan made under
 * it, clone, rename, delete, plan again, and compare side by side.
 */
public final class PlanScenarios {
    private final ScenarioRepository repository;
    private final PlanningService planning;
    private final Clock clock;

    public PlanScenarios(ScenarioRepository repository, PlanningService planning, Clock clock) {
        this.repository = repository;
        this.planning = planning;
        this.clock = clock;
    }

    public List<SavedScenario> list(String account) {
        return repository.list(account);
    }

    public SavedScenario get(String account, String name) {
        return repository.find(account, name).orElseThrow(() -> new HeadroomException("There is no scenario \"" + name
                + "\" for account " + account + ". Run \"headroom scenarios list\" to see them."));
    }

    /** Stores {@code plan} as scenario {@code name}, replacing one of that name. */
    public SavedScenario save(String account, String name, Plan plan) {
        checkName(name);
        Instant now = clock.instant();
        Instant created = repository.find(account, name).map(SavedScenario::created).orElse(now);
        SavedScenario s = new SavedScenario(account, name, plan.policy(), plan.solver(),
                Optional.of(PlanJson.write(plan)), created, now);
        repository.save(s);
        return s;
    }

    /** Plans {@code policy} for the account with {@code solver} and stores it as {@code name}. */
    public SavedScenario plan(String account, String name, Optional<Policy> policy, String solver, Duration limit,
                              ProgressListener progress) {
        checkName(name);
        PlanningService.Source source = planning.account(account);
        Optional<Policy> effective = policy.isPresent() ? policy
                : repository.find(account, name).map(SavedScenario::policy);
        PlanningProblem problem = planning.problem(source, effective, progress);
        return save(account, name, Planners.named(solver, limit).plan(problem));
    }

    public SavedScenario copy(String account, String from, String to) {
        checkName(to);
        SavedScenario s = get(account, from);
        refuseExisting(account, to);
        SavedScenario copy = s.renamed(to, clock.instant());
        repository.save(copy);
        return copy;
    }

    public void rename(String account, String from, String to) {
        checkName(to);
        get(account, from);
        refuseExisting(account, to);
        repository.rename(account, from, to);
    }

    public void delete(String account, String name) {
        if (!repository.delete(account, name)) {
            throw new HeadroomException("There is no scenario \"" + name + "\" for account " + account
                    + ". Run \"headroom scenarios list\" to see them.");
        }
    }

    /** The named scenarios side by side, in the order given. */
    public List<ScenarioComparison.Row> compare(String account, List<String> names) {
        List<SavedScenario> picked = new ArrayList<>();
        names.forEach(n -> picked.add(get(account, n)));
        return ScenarioComparison.rows(picked);
    }

    private void refuseExisting(String account, String name) {
        if (repository.find(account, name).isPresent()) {
            throw new HeadroomException("Scenario \"" + name + "\" already exists. Choose another name or delete it "
                    + "first.");
        }
    }

    private static void checkName(String name) {
        try {
            Check.id("scenario name", name);
        } catch (DomainException e) {
            throw new HeadroomException("\"" + name + "\" cannot name a scenario: use letters, digits, '.', '-', '_' "
                    + "(up to 128, starting with a letter or digit).");
        }
    }
}
