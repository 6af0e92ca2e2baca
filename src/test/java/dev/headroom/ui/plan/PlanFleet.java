package dev.headroom.ui.plan;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.Release;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanScenarios;
import dev.headroom.plan.Planner;
import dev.headroom.plan.PlanningProblem;
import dev.headroom.plan.PlanningService;
import dev.headroom.plan.ScenarioRepository;
import dev.headroom.providers.ProviderRegistry;
import dev.headroom.ui.DemoFleet;
import dev.headroom.ui.InMemoryAuditLog;
import dev.headroom.ui.InMemoryFleetStore;
import dev.headroom.ui.InMemoryScenarioRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The demo sandbox with releases, so that the Plan page has something to plan: catalog first
 * (cart's release requires it, and cart, search and checkout call it), then cart and search, then
 * checkout. Search runs near 90 % CPU, so taking one of its three hosts out needs surge;
 * edge-eu-1 runs cart and catalog, so updating it migrates a workload.
 */
final class PlanFleet {
    static final List<Release> RELEASES = List.of(
            new Release("catalog", "1.19.0", List.of(), false),
            new Release("cart", "7.2.0", List.of("catalog>=1.19"), false),
            new Release("search", "12.1.0", List.of(), false),
            new Release("checkout", "4.3.0", List.of(), false));

    private PlanFleet() {
    }

    static InMemoryFleetStore store() {
        InMemoryFleetStore store = DemoFleet.store();
        AccountSnapshot s = store.load(DemoFleet.SANDBOX, true).orElseThrow();
        store.replace(new AccountSnapshot(s.account(), s.instanceTypes(), s.hosts(), s.services(), s.dependencies(),
                s.metrics(), RELEASES, s.updateHistory(), s.events(), s.policy()));
        return store;
    }

    static PlanningService planning(InMemoryFleetStore store) {
        return new PlanningService(store, new ProviderRegistry(store), DemoFleet.forecastService(store).forecaster());
    }

    /** The scenarios of {@code store}'s accounts in {@code repository}, as the command line would keep them. */
    static PlanScenarios scenarios(InMemoryFleetStore store, ScenarioRepository repository) {
        return DemoFleet.planScenarios(store, DemoFleet.forecastService(store), repository,
                DemoFleet.auditService(new InMemoryAuditLog()));
    }

    /**
     * The engine's queries, counting forecasts and recording every policy planned; scenarios go to
     * {@link #repository}, where {@code headroom scenarios} (another {@link PlanScenarios} over it)
     * sees them.
     */
    static final class Recording implements PlanQueries {
        final PlanQueries real;
        final ScenarioRepository repository;
        final List<Policy> planned = new ArrayList<>();
        int forecasts;
        Function<PlanningProblem, Plan> improver;

        Recording(InMemoryFleetStore store) {
            this(store, new InMemoryScenarioRepository());
        }

        Recording(InMemoryFleetStore store, ScenarioRepository repository) {
            this.repository = repository;
            this.real = PlanQueries.of(planning(store), PlanFleet.scenarios(store, repository));
        }

        @Override
        public PlanningService.Source source(String account) {
            return real.source(account);
        }

        @Override
        public PlanningProblem problem(PlanningService.Source source, Policy policy, ProgressListener progress) {
            forecasts++;
            return real.problem(source, policy, progress);
        }

        @Override
        public Plan plan(PlanningProblem problem) {
            planned.add(problem.policy());
            return real.plan(problem);
        }

        @Override
        public PlanScenarios scenarios() {
            return real.scenarios();
        }

        @Override
        public Optional<Planner> improver() {
            if (improver == null) {
                return Optional.empty();
            }
            return Optional.of(new Planner() {
                @Override
                public String name() {
                    return "cpsat";
                }

                @Override
                public Plan plan(PlanningProblem problem) {
                    return improver.apply(problem);
                }
            });
        }
    }
}
