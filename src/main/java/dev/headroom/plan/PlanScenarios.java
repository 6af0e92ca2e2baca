package dev.headroom.plan;

import dev.headroom.audit.AuditKind;
import dev.headroom.audit.AuditTrail;
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
 * it, clone, rename, delete, plan again, and compare side by side. Every change is recorded in
 * the audit log, after it is stored.
 */
public final class PlanScenarios {
    private final ScenarioRepository repository;
    private final PlanningService planning;
    private final Clock clock;
    private final AuditTrail audit;

    public PlanScenarios(ScenarioRepository repository, PlanningService planning, Clock clock, AuditTrail audit) {
        this.repository = repository;
        this.planning = planning;
        this.clock = clock;
        this.audit = audit;
    }

    public List<SavedScenario> list(String account) {
        return repository.list(account);
    }

    public SavedScenario get(String account, String name) {
        return repository.find(account, name).orElseThrow(() -> new HeadroomException("There is no scenario \"" + name
                + "\" for account " + account + ". Run \"headroom scenarios list\" to see them."));
    }

    /**
     * Stores {@code plan} as scenario {@code name}, replacing one of that name; the stored plan.json
     * names the scenario, so that a plan read back from it says which scenario it is.
     */
    public SavedScenario save(String account, String name, Plan plan) {
        checkName(name);
        Instant now = clock.instant();
        Instant created = repository.find(account, name).map(SavedScenario::created).orElse(now);
        Plan named = plan.withScenario(name);
        SavedScenario s = new SavedScenario(account, name, named.policy(), named.solver(),
                Optional.of(PlanJson.write(named)), created, now);
        repository.save(s);
        PlanContent content = PlanContent.of(s);
        audit.record(account, AuditKind.SCENARIO, name, "saved " + named.solver() + " plan, content " + content.hash()
                + ": " + content.describe());
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
        audit.record(account, AuditKind.SCENARIO, to, "cloned from " + from);
        return copy;
    }

    public void rename(String account, String from, String to) {
        checkName(to);
        get(account, from);
        refuseExisting(account, to);
        repository.rename(account, from, to);
        audit.record(account, AuditKind.SCENARIO, from, "renamed to " + to);
    }

    public void delete(String account, String name) {
        if (!repository.delete(account, name)) {
            throw new HeadroomException("There is no scenario \"" + name + "\" for account " + account
                    + ". Run \"headroom scenarios list\" to see them.");
        }
        audit.record(account, AuditKind.SCENARIO, name, "deleted");
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
